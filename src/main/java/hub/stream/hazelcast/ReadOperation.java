package hub.stream.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;
import hub.stream.StreamQuery;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a stream's position and the publications a query asks for, in one step on the owner, so the position and
 * the publications always agree. It writes only when it must (the stream is new, expired, or its meta TTL is due for
 * renewal): most reads change nothing and cost the backups nothing.
 */
final class ReadOperation extends StreamOperation<StreamReply> {

  private StreamQuery query;

  ReadOperation() {
  }

  ReadOperation(long now, String freshEpoch, StreamLimits limits, StreamQuery query) {
    super(now, freshEpoch, limits);
    this.query = query;
  }

  @Override
  public StreamReply process(Map.Entry<String, StreamLog> entry) {
    StreamLog log = entry.getValue();
    List<StreamLog.Entry> found;
    if (log == null || log.metaExpired(now) || log.readWouldChange(now, limits)) {
      log = live(entry);
      found = log.read(query, now, limits);
      entry.setValue(log);
    } else {
      found = log.peek(query);
    }
    return new StreamReply(log.epoch(), log.top(), false, found);
  }

  @Override
  public int getClassId() {
    return StreamSerialization.READ;
  }

  @Override
  void writeMore(ObjectDataOutput out) throws IOException {
    out.writeBoolean(query.since() != null);
    out.writeLong(query.since() == null ? 0 : query.since());
    out.writeInt(query.limit());
    out.writeBoolean(query.reverse());
  }

  @Override
  void readMore(ObjectDataInput in) throws IOException {
    boolean hasSince = in.readBoolean();
    long since = in.readLong();
    query = new StreamQuery(hasSince ? since : null, in.readInt(), in.readBoolean());
  }
}
