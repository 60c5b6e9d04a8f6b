package hub.stream.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import hub.stream.StreamLog;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of a {@link StreamLog} for Hazelcast's backups, migrations and merges: the stream is kept as an
 * object on its partition (no copy per operation there), and written out field by field only when it moves.
 * Stateless and thread-safe.
 */
final class StreamLogSerializer implements StreamSerializer<StreamLog> {

  static final int TYPE_ID = 7101;

  @Override
  public int getTypeId() {
    return TYPE_ID;
  }

  @Override
  public void write(ObjectDataOutput out, StreamLog log) throws IOException {
    out.writeString(log.epoch());
    out.writeLong(log.top());
    out.writeLong(log.publishedAt());
    out.writeLong(log.usedAt());
    out.writeLong(log.ttlMs());
    out.writeLong(log.metaTtlMs());
    out.writeInt(log.size());
    for (StreamLog.Entry e : log.entries()) {
      out.writeLong(e.offset());
      out.writeByteArray(e.pub());
    }
    Map<String, long[]> keys = log.idempotencyKeys();
    out.writeInt(keys.size());
    for (Map.Entry<String, long[]> k : keys.entrySet()) {
      out.writeString(k.getKey());
      out.writeLong(k.getValue()[0]);
      out.writeLong(k.getValue()[1]);
    }
    Map<Long, long[]> calls = log.calls();
    out.writeInt(calls.size());
    for (Map.Entry<Long, long[]> c : calls.entrySet()) {
      out.writeLong(c.getKey());
      out.writeLong(c.getValue()[0]);
      out.writeLong(c.getValue()[1]);
    }
  }

  @Override
  public StreamLog read(ObjectDataInput in) throws IOException {
    String epoch = in.readString();
    long top = in.readLong();
    long publishedAt = in.readLong();
    long usedAt = in.readLong();
    long ttlMs = in.readLong();
    long metaTtlMs = in.readLong();
    int size = in.readInt();
    ArrayDeque<StreamLog.Entry> entries = new ArrayDeque<>(size);
    for (int i = 0; i < size; i++) {
      entries.add(new StreamLog.Entry(in.readLong(), in.readByteArray()));
    }
    int keyCount = in.readInt();
    LinkedHashMap<String, long[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < keyCount; i++) {
      keys.put(in.readString(), new long[] {in.readLong(), in.readLong()});
    }
    int callCount = in.readInt();
    LinkedHashMap<Long, long[]> calls = new LinkedHashMap<>();
    for (int i = 0; i < callCount; i++) {
      calls.put(in.readLong(), new long[] {in.readLong(), in.readLong()});
    }
    return new StreamLog(epoch, top, entries, publishedAt, usedAt, keys, calls, ttlMs, metaTtlMs);
  }
}
