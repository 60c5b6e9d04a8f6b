package hub.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The wire format of one connection, chosen at the upgrade and fixed for the connection's life: JSON (text frames of
 * newline-separated objects) or protobuf (binary frames of length-delimited messages). Handlers build replies as JSON
 * objects and never see the difference; this is the one place that turns commands and replies into a connection's
 * bytes. Immutable and thread-safe.
 */
public enum Format {

  JSON {
    @Override
    public boolean binary() {
      return false;
    }

    @Override
    public List<Command> decode(String text) throws ProtocolException {
      return ProtocolCodec.decodeFrame(text);
    }

    /** JSON sent in a binary frame is still JSON; it is decoded the same way rather than failing the client. */
    @Override
    public List<Command> decode(byte[] binary) throws ProtocolException {
      return ProtocolCodec.decodeFrame(new String(binary, StandardCharsets.UTF_8));
    }

    @Override
    public byte[] result(long id, Method method, JsonObject result) {
      return ProtocolCodec.result(id, method, result).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] error(long id, JsonObject error) {
      return ProtocolCodec.error(id, error).getBytes(StandardCharsets.UTF_8);
    }

    /** One object per line; never a trailing or blank line, which SDKs before 5.8 cannot split. */
    @Override
    public byte[] frame(List<byte[]> replies) {
      if (replies.size() == 1) {
        return replies.get(0);
      }
      int size = replies.size() - 1;
      for (byte[] r : replies) {
        size += r.length;
      }
      byte[] frame = new byte[size];
      int at = 0;
      for (byte[] r : replies) {
        if (at > 0) {
          frame[at++] = '\n';
        }
        System.arraycopy(r, 0, frame, at, r.length);
        at += r.length;
      }
      return frame;
    }

    @Override
    public byte[] pingFrame() {
      return ProtocolCodec.PING_FRAME;
    }

    @Override
    public byte[] joinPush(String channel, JsonObject info) {
      return ProtocolCodec.joinPush(channel, info);
    }

    @Override
    public byte[] leavePush(String channel, JsonObject info) {
      return ProtocolCodec.leavePush(channel, info);
    }

    @Override
    public byte[] fromJsonPush(byte[] jsonPush) {
      return jsonPush;
    }
  },

  PROTOBUF {
    @Override
    public boolean binary() {
      return true;
    }

    /** A text frame on a protobuf connection is a client that lost track of its own format. */
    @Override
    public List<Command> decode(String text) throws ProtocolException {
      throw new ProtocolException("text frame on a protobuf connection");
    }

    @Override
    public List<Command> decode(byte[] binary) throws ProtocolException {
      return ProtobufCodec.decodeFrame(binary);
    }

    @Override
    public byte[] result(long id, Method method, JsonObject result) {
      return ProtobufCodec.result(id, method, result);
    }

    @Override
    public byte[] error(long id, JsonObject error) {
      return ProtobufCodec.error(id, error);
    }

    @Override
    public byte[] frame(List<byte[]> replies) {
      return ProtobufCodec.frame(replies);
    }

    @Override
    public byte[] pingFrame() {
      return ProtobufCodec.PING_FRAME;
    }

    @Override
    public byte[] joinPush(String channel, JsonObject info) {
      return ProtobufCodec.joinPush(channel, info);
    }

    @Override
    public byte[] leavePush(String channel, JsonObject info) {
      return ProtobufCodec.leavePush(channel, info);
    }

    @Override
    public byte[] fromJsonPush(byte[] jsonPush) {
      return ProtobufCodec.push(new JsonObject(Buffer.buffer(jsonPush)).getJsonObject("push"));
    }
  };

  /** The WebSocket subprotocol that selects the protobuf format. */
  public static final String PROTOBUF_SUBPROTOCOL = "centrifuge-protobuf";
  /** The WebSocket subprotocol a JSON client may offer (the JS SDK offers none). */
  public static final String JSON_SUBPROTOCOL = "centrifuge-json";

  /** Whether frames of this format travel as binary WebSocket frames (else text). */
  public abstract boolean binary();

  /**
   * The format whose frames are binary ({@code true}) or text: each kind of frame has one format, so a holder of many
   * connections can keep the 1-byte flag instead of the reference (issue 13).
   */
  public static Format ofFrames(boolean binary) {
    return binary ? PROTOBUF : JSON;
  }

  /** Decodes every command of one inbound text frame, in order, or fails for the whole frame. */
  public abstract List<Command> decode(String text) throws ProtocolException;

  /** Decodes every command of one inbound binary frame, in order, or fails for the whole frame. */
  public abstract List<Command> decode(byte[] binary) throws ProtocolException;

  /** One successful reply, ready to be framed with others by {@link #frame}. */
  public abstract byte[] result(long id, Method method, JsonObject result);

  public byte[] error(long id, ReplyError error) {
    return error(id, error.toJson());
  }

  /** An error reply from its JSON shape ({@code code}, {@code message}, {@code temporary}), e.g. a backend's own error. */
  public abstract byte[] error(long id, JsonObject error);

  /** Joins replies made by {@link #result} and {@link #error} into one frame's payload. */
  public abstract byte[] frame(List<byte[]> replies);

  /** The server ping; the same array every time, so that its WebSocket frame can be shared. */
  public abstract byte[] pingFrame();

  /** A join push frame; {@code info} is the joining client ({@link ClientInfo#toJson()}). */
  public abstract byte[] joinPush(String channel, JsonObject info);

  public abstract byte[] leavePush(String channel, JsonObject info);

  /**
   * A push frame of this format carrying what {@code jsonPush} (a JSON push frame, {@code {"push":{...}}}) carries; for
   * pushes the broker moves as JSON frames (join, leave), converted once per format on the receiving shard.
   */
  public abstract byte[] fromJsonPush(byte[] jsonPush);
}
