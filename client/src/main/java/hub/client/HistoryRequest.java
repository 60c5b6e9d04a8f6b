package hub.client;

import java.util.Objects;

/**
 * A read of a channel's stream for {@link HubClient#history}. Immutable.
 *
 * @param channel a channel whose namespace keeps history (else error 108)
 * @param limit   publications to return: 0 only the current position, -1 every one kept, otherwise at most this many
 * @param since   read after this position (before it when reversed), or null to start at the oldest (newest)
 * @param reverse newest first
 */
public record HistoryRequest(String channel, int limit, StreamPosition since, boolean reverse) {

  /** Every publication kept, oldest first. */
  public static final int ALL = -1;

  public HistoryRequest {
    Objects.requireNonNull(channel, "channel");
  }

  /** At most {@code limit} publications, oldest first. */
  public static HistoryRequest of(String channel, int limit) {
    return new HistoryRequest(channel, limit, null, false);
  }

  public HistoryRequest since(StreamPosition position) {
    return new HistoryRequest(channel, limit, position, reverse);
  }

  public HistoryRequest reversed() {
    return new HistoryRequest(channel, limit, since, true);
  }
}
