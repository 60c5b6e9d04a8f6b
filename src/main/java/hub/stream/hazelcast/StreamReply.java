package hub.stream.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import hub.stream.StreamLog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operation on a stream's owner sends back: the epoch, an offset (the top for a read, the publication's
 * for an append), whether an append was a duplicate, and the publications a read asked for.
 */
final class StreamReply implements IdentifiedDataSerializable {

  String epoch;
  long offset;
  boolean duplicate;
  List<StreamLog.Entry> entries = List.of();

  StreamReply() {
  }

  StreamReply(String epoch, long offset, boolean duplicate, List<StreamLog.Entry> entries) {
    this.epoch = epoch;
    this.offset = offset;
    this.duplicate = duplicate;
    this.entries = entries;
  }

  @Override
  public int getFactoryId() {
    return StreamSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StreamSerialization.REPLY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(epoch);
    out.writeLong(offset);
    out.writeBoolean(duplicate);
    out.writeInt(entries.size());
    for (StreamLog.Entry e : entries) {
      out.writeLong(e.offset());
      out.writeByteArray(e.pub());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    epoch = in.readString();
    offset = in.readLong();
    duplicate = in.readBoolean();
    int n = in.readInt();
    List<StreamLog.Entry> read = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      read.add(new StreamLog.Entry(in.readLong(), in.readByteArray()));
    }
    entries = read;
  }
}
