package hub.stream.hazelcast;

import hub.stream.StreamLimits;
import hub.stream.StreamLog;

import java.util.Map;

/**
 * The owner's periodic pass over one of its streams: removes a stream past its meta TTL, empties one past its TTL,
 * and reports {bytes held, last publication time} (null when removed) so the node can count its store and shed the
 * oldest when over its cap.
 */
final class SweepOperation extends StreamOperation<long[]> {

  SweepOperation() {
  }

  SweepOperation(long now) {
    super(now, "", new StreamLimits(0, 0, 0));
  }

  @Override
  public long[] process(Map.Entry<String, StreamLog> entry) {
    StreamLog log = entry.getValue();
    if (log == null) {
      return null;
    }
    if (log.metaExpired(now)) {
      entry.setValue(null);
      return null;
    }
    if (log.expire(now) > 0) {
      entry.setValue(log);
    }
    return new long[] {log.bytes(), log.publishedAt()};
  }

  @Override
  public int getClassId() {
    return StreamSerialization.SWEEP;
  }
}
