package hub.stream.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;
import hub.stream.Streams;

import java.util.Arrays;

/**
 * How a channel's stream comes out of a split-brain merge. If only one side had it, it is kept. If both had it under
 * the same epoch and at most one side published during the split, one copy is the other's past: the one further on
 * is kept (with {@code cluster.quorum} set, the side cut off could not publish, so its stale copy never costs the
 * other side's history). Otherwise both sides may have given the same offsets to different publications: the
 * stream restarts under a new epoch (top 0, no publications), so every client's next recovery answers
 * {@code recovered:false} instead of stale data under a reused offset.
 *
 * <p>"One copy is the other's past" is checked on the publication at the lower copy's top: both copies grew from
 * the same offsets, so if both sides published, the first offset after the split already differs, and so does the
 * lower top unless the lower side did not publish at all. Where either copy no longer holds that publication
 * (trimmed, expired), nothing proves the streams agree, and they restart. Stateless.
 */
public final class StreamMergePolicy implements SplitBrainMergePolicy<StreamLog, MergingValue<StreamLog>, StreamLog> {

  @Override
  public StreamLog merge(MergingValue<StreamLog> merging, MergingValue<StreamLog> existing) {
    StreamLog incoming = merging.getValue();
    StreamLog current = existing == null ? null : existing.getValue();
    if (current == null) {
      return incoming;
    }
    if (incoming == null) {
      return current;
    }
    StreamLog lower = incoming.top() <= current.top() ? incoming : current; // a tie keeps the existing copy
    StreamLog higher = lower == incoming ? current : incoming;
    if (incoming.epoch().equals(current.epoch()) && isPastOf(lower, higher)) {
      return higher;
    }
    long now = Math.max(incoming.usedAt(), current.usedAt());
    return new StreamLog(Streams.newEpoch(), now,
        new StreamLimits(0, Math.max(incoming.ttlMs(), current.ttlMs()),
            Math.max(incoming.metaTtlMs(), current.metaTtlMs())));
  }

  /** Whether {@code lower} (same epoch, top not above) is a state {@code higher} went through. */
  private static boolean isPastOf(StreamLog lower, StreamLog higher) {
    if (lower.top() == 0) {
      return true;
    }
    if (lower.top() == higher.top() && lower.size() == 0 && higher.size() == 0) {
      return true; // the same position, nothing kept on either side to differ
    }
    byte[] atLowerTop = publicationAt(lower, lower.top());
    byte[] sameOffset = publicationAt(higher, lower.top());
    return atLowerTop != null && sameOffset != null && Arrays.equals(atLowerTop, sameOffset);
  }

  private static byte[] publicationAt(StreamLog log, long offset) {
    for (StreamLog.Entry e : log.entries()) {
      if (e.offset() == offset) {
        return e.pub();
      }
    }
    return null;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
  }

  @Override
  public void readData(ObjectDataInput in) {
  }
}
