package hub.stream;

import hub.config.HistoryOptions.RecoveryMode;
import hub.protocol.Publication;

import java.util.List;

/**
 * Decides whether a resubscribing client can be brought up to date from what the store returned, the way Centrifuge
 * does: all of the missed publications or none. Pure: no I/O, no clock.
 *
 * @param recovered    whether the client missed nothing it is not given now
 * @param publications what the client is given, oldest first (empty when not recovered)
 * @param offset       the offset the subscribe result carries: the client's own when recovered (it advances by the
 *                     publications), the stream's top otherwise
 */
public record Recovery(boolean recovered, List<Publication> publications, long offset) {

  /** The store query a recovering subscribe makes: one more than the limit, so that "too many" can be seen. */
  public static StreamQuery query(RecoveryMode mode, long clientOffset, int limit) {
    return mode == RecoveryMode.CACHE ? StreamQuery.latest() : StreamQuery.after(clientOffset, limit + 1);
  }

  /**
   * @param clientEpoch the epoch the client holds ("" when it has none: accepted, as in Centrifuge)
   * @param slice       what {@link #query} read
   * @param limit       {@code client.recoveryMaxPublicationLimit}
   */
  public static Recovery decide(RecoveryMode mode, String clientEpoch, long clientOffset, StreamSlice slice,
                                int limit) {
    return mode == RecoveryMode.CACHE ? fromCache(clientOffset, slice) : fromStream(clientEpoch, clientOffset, slice,
        limit);
  }

  private static Recovery fromStream(String clientEpoch, long clientOffset, StreamSlice slice, int limit) {
    List<Publication> pubs = slice.publications();
    boolean sameEpoch = clientEpoch == null || clientEpoch.isEmpty() || clientEpoch.equals(slice.epoch());
    boolean complete;
    if (pubs.isEmpty()) {
      complete = clientOffset == slice.top();
    } else {
      complete = pubs.size() <= limit
          && pubs.get(0).offset() == clientOffset + 1
          && pubs.get(pubs.size() - 1).offset() == slice.top();
    }
    if (sameEpoch && complete) {
      return new Recovery(true, pubs, clientOffset);
    }
    return new Recovery(false, List.of(), slice.top());
  }

  /**
   * Cache mode keeps only the latest publication in view: recovered when the store still holds the stream's latest
   * publication (or nothing was ever published), which is sent unless the client already has exactly it. No epoch
   * check, as in Centrifuge: the latest state is valid whatever the client saw before.
   */
  private static Recovery fromCache(long clientOffset, StreamSlice slice) {
    List<Publication> pubs = slice.publications();
    if (slice.top() == 0) {
      return new Recovery(true, List.of(), 0);
    }
    if (pubs.isEmpty() || pubs.get(0).offset() != slice.top()) {
      return new Recovery(false, List.of(), slice.top());
    }
    if (pubs.get(0).offset() == clientOffset) {
      return new Recovery(true, List.of(), slice.top());
    }
    return new Recovery(true, List.of(pubs.get(0)), Math.min(clientOffset, slice.top() - 1));
  }
}
