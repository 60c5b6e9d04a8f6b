package hub.stream.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;

import java.io.IOException;
import java.util.Map;

/**
 * The base of every operation the Hazelcast store runs on the member that owns a channel: it carries the time and
 * a fresh epoch from the caller, so that the backup replaying it reaches exactly the primary's state (an entry
 * processor runs on the backups too, and must not read a clock or a random source of its own there).
 *
 * @param <R> what the operation answers
 */
abstract class StreamOperation<R> implements EntryProcessor<String, StreamLog, R>, IdentifiedDataSerializable {

  long now;
  String freshEpoch;
  StreamLimits limits;

  StreamOperation() {
  }

  StreamOperation(long now, String freshEpoch, StreamLimits limits) {
    this.now = now;
    this.freshEpoch = freshEpoch;
    this.limits = limits;
  }

  /** The channel's stream, begun under the fresh epoch when there is none or its meta TTL ran out. */
  StreamLog live(Map.Entry<String, StreamLog> entry) {
    StreamLog log = entry.getValue();
    if (log == null || log.metaExpired(now)) {
      log = new StreamLog(freshEpoch, now, limits);
      entry.setValue(log);
    }
    return log;
  }

  /** The same operation replays on the backups: it is deterministic given its arguments and the entry. */
  @Override
  public EntryProcessor<String, StreamLog, R> getBackupProcessor() {
    return this;
  }

  @Override
  public int getFactoryId() {
    return StreamSerialization.FACTORY_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(now);
    out.writeString(freshEpoch);
    out.writeInt(limits.size());
    out.writeLong(limits.ttlMs());
    out.writeLong(limits.metaTtlMs());
    writeMore(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    now = in.readLong();
    freshEpoch = in.readString();
    limits = new StreamLimits(in.readInt(), in.readLong(), in.readLong());
    readMore(in);
  }

  void writeMore(ObjectDataOutput out) throws IOException {
  }

  void readMore(ObjectDataInput in) throws IOException {
  }
}
