package hub.protocol;

import com.google.protobuf.CodedInputStream;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the protobuf format for test clients: JSON-shaped commands to protobuf frames, and reply frames
 * back to the JSON objects the JSON format would have sent, through the hub's own field tables. The codec's unit
 * test checks those tables against the stock SDK's generated classes, so tests built on this speak the real format.
 */
public final class ProtobufFrames {

  private ProtobufFrames() {
  }

  /** One length-delimited Command from a JSON command object ({@code {"id":1,"connect":{...}}}, {@code {}}). */
  public static byte[] command(JsonObject command) {
    return ProtobufCodec.delimited(ProtoJson.write(ProtoSchema.COMMAND, command));
  }

  /** Every Reply of one frame, as JSON objects; an empty reply (the ping) is {@code {}}. */
  public static List<JsonObject> replies(byte[] frame) {
    List<JsonObject> out = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(frame);
    try {
      while (!in.isAtEnd()) {
        int length = in.readRawVarint32();
        int outer = in.pushLimit(length);
        JsonObject reply = new JsonObject();
        ProtoJson.read(ProtoSchema.REPLY, in, reply);
        in.popLimit(outer);
        out.add(reply);
      }
    } catch (IOException | ProtocolException e) {
      throw new IllegalArgumentException("not a frame of protobuf replies: " + e.getMessage(), e);
    }
    return out;
  }
}
