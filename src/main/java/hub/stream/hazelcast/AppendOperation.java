package hub.stream.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import hub.stream.Appended;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Sequences one publication on the channel's owner: next offset, kept within the size, TTL renewed, idempotency key
 * remembered (and a repeat answered with the first offset). Hazelcast runs operations on one partition one after the
 * other, so this is the channel's single sequencer; the synchronous backup has it before the caller hears back.
 *
 * <p>When the owner dies after applying the operation (and its backup has it) but before answering, Hazelcast runs
 * the invocation again on the new owner. The call id, unique per call and remembered in the stream, makes that second
 * run answer the first one's offset instead of appending the publication a second time.
 */
final class AppendOperation extends StreamOperation<StreamReply> {

  private byte[] pub;
  private String idempotencyKey;
  private long callId;

  AppendOperation() {
  }

  /** @param callId unique to this call: Hazelcast may run it twice, and the second run must not append again */
  AppendOperation(long now, String freshEpoch, StreamLimits limits, byte[] pub, String idempotencyKey, long callId) {
    super(now, freshEpoch, limits);
    this.pub = pub;
    this.idempotencyKey = idempotencyKey;
    this.callId = callId;
  }

  @Override
  public StreamReply process(Map.Entry<String, StreamLog> entry) {
    StreamLog log = live(entry);
    Appended a = log.append(pub, idempotencyKey, callId, now, limits);
    entry.setValue(log);
    return new StreamReply(a.epoch(), a.offset(), a.duplicate(), List.of());
  }

  @Override
  public int getClassId() {
    return StreamSerialization.APPEND;
  }

  @Override
  void writeMore(ObjectDataOutput out) throws IOException {
    out.writeByteArray(pub);
    out.writeString(idempotencyKey);
    out.writeLong(callId);
  }

  @Override
  void readMore(ObjectDataInput in) throws IOException {
    pub = in.readByteArray();
    idempotencyKey = in.readString();
    callId = in.readLong();
  }
}
