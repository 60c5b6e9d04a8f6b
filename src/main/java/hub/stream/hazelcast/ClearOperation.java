package hub.stream.hazelcast;

import hub.stream.StreamLimits;
import hub.stream.StreamLog;

import java.util.Map;

/**
 * Drops a stream's publications, keeping its epoch and top: {@code history_remove}, and the shedding of the oldest
 * streams when the node is over {@code history.maxBytes}. Answers {publications dropped, bytes released}.
 */
final class ClearOperation extends StreamOperation<long[]> {

  ClearOperation() {
  }

  ClearOperation(long now) {
    super(now, "", new StreamLimits(0, 0, 0));
  }

  @Override
  public long[] process(Map.Entry<String, StreamLog> entry) {
    StreamLog log = entry.getValue();
    if (log == null || log.size() == 0) {
      return new long[] {0, 0};
    }
    int pubs = log.size();
    long released = log.clear();
    entry.setValue(log);
    return new long[] {pubs, released};
  }

  @Override
  public int getClassId() {
    return StreamSerialization.CLEAR;
  }
}
