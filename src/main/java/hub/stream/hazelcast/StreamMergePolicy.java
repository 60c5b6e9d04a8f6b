package hub.stream.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import hub.stream.StreamLog;
import hub.stream.StreamLimits;
import hub.stream.Streams;

/**
 * How a channel's stream comes out of a split-brain merge. If only one side had it, or both sides still hold the very
 * same position, it is kept. Otherwise both sides may have given the same offsets to different publications: the
 * stream restarts under a new epoch (top 0, no publications), so every client's next recovery answers
 * {@code recovered:false} instead of stale data under a reused offset. The larger top is not kept: under a new
 * epoch offsets mean nothing across it anyway. Stateless.
 */
public final class StreamMergePolicy implements SplitBrainMergePolicy<StreamLog, MergingValue<StreamLog>, StreamLog> {

  @Override
  public StreamLog merge(MergingValue<StreamLog> merging, MergingValue<StreamLog> existing) {
    StreamLog incoming = merging.getValue();
    StreamLog current = existing == null ? null : existing.getValue();
    if (current == null) {
      return incoming;
    }
    if (incoming == null || (incoming.epoch().equals(current.epoch()) && incoming.top() == current.top())) {
      return current;
    }
    long now = Math.max(incoming.usedAt(), current.usedAt());
    return new StreamLog(Streams.newEpoch(), now,
        new StreamLimits(0, Math.max(incoming.ttlMs(), current.ttlMs()),
            Math.max(incoming.metaTtlMs(), current.metaTtlMs())));
  }

  @Override
  public void writeData(ObjectDataOutput out) {
  }

  @Override
  public void readData(ObjectDataInput in) {
  }
}
