package hub.protocol;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict mapping between protocol v2 JSON and {@link Command}s or reply bytes. A frame holds one or more JSON objects
 * separated by {@code \n}; replies are encoded compactly, so they never contain a raw newline that would split them.
 * Stateless and thread-safe.
 */
public final class ProtocolCodec {

  private static final long MAX_ID = 0xFFFF_FFFFL;
  private static final Method[] SEARCH_ORDER = Method.values();

  private ProtocolCodec() {
  }

  /** Decodes every command of one inbound frame, in order, or fails for the whole frame. */
  public static List<Command> decodeFrame(String frame) throws ProtocolException {
    List<Command> commands = new ArrayList<>(2);
    int start = 0;
    int length = frame.length();
    while (start < length) {
      int end = frame.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      String line = frame.substring(start, end);
      if (!line.isBlank()) {
        commands.add(decodeCommand(line));
      }
      start = end + 1;
    }
    if (commands.isEmpty()) {
      throw new ProtocolException("empty frame");
    }
    return commands;
  }

  static Command decodeCommand(String line) throws ProtocolException {
    JsonObject obj;
    try {
      obj = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      throw new ProtocolException("command is not a JSON object");
    }
    return commandOf(obj);
  }

  /**
   * The command a decoded command object asks for; shared by both formats, so that they pick the method, check the id
   * and recognise the pong by the same rules.
   */
  static Command commandOf(JsonObject obj) throws ProtocolException {
    if (obj.isEmpty()) {
      return new Command(0, Method.PONG, obj);
    }
    for (Method m : SEARCH_ORDER) {
      if (m == Method.PONG || !obj.containsKey(m.field())) {
        continue;
      }
      Object params = obj.getValue(m.field());
      if (params == null) {
        params = new JsonObject();
      }
      if (!(params instanceof JsonObject p)) {
        throw new ProtocolException(m.field() + " request must be an object");
      }
      long id = readId(obj);
      if (!m.isOneWay() && id == 0) {
        throw new ProtocolException(m.field() + " command without id");
      }
      return new Command(id, m, p);
    }
    throw new ProtocolException("unknown command");
  }

  private static long readId(JsonObject obj) throws ProtocolException {
    Object id = obj.getValue("id");
    if (id == null) {
      return 0;
    }
    // Integer or Long only: a BigInteger would wrap around and a decimal would be rounded into another id.
    if (!(id instanceof Integer || id instanceof Long)) {
      throw new ProtocolException("id must be an unsigned 32-bit integer");
    }
    long value = ((Number) id).longValue();
    if (value < 0 || value > MAX_ID) {
      throw new ProtocolException("id must be an unsigned 32-bit integer");
    }
    return value;
  }

  /** A successful reply; the result object is always present, even when empty, because the SDK dereferences it. */
  public static String result(long id, Method method, JsonObject result) {
    return new JsonObject().put("id", id).put(method.field(), result).encode();
  }

  public static String error(long id, ReplyError error) {
    return error(id, error.toJson());
  }

  public static String error(long id, JsonObject error) {
    return new JsonObject().put("id", id).put("error", error).encode();
  }

  /** The server ping: an empty object, which the SDK reads as "not a reply, not a push". */
  public static final byte[] PING_FRAME = "{}".getBytes(StandardCharsets.UTF_8);

  /** A join push: {@code info} is required by the SDK, which reads {@code info.client}. */
  public static byte[] joinPush(String channel, JsonObject info) {
    return membershipPush(channel, "join", info);
  }

  public static byte[] leavePush(String channel, JsonObject info) {
    return membershipPush(channel, "leave", info);
  }

  /**
   * An unsubscribe push: the server ended one subscription. Codes from 2500 up make the SDK subscribe again (2500:
   * the subscription lost its stream position and recovers from it).
   */
  public static byte[] unsubscribePush(String channel, int code, String reason) {
    JsonObject push = new JsonObject().put("channel", channel)
        .put("unsubscribe", new JsonObject().put("code", code).put("reason", reason));
    return new JsonObject().put("push", push).encode().getBytes(StandardCharsets.UTF_8);
  }

  /** A subscribe push: the server subscribed the connection to {@code channel} (a server-side subscription). */
  public static byte[] subscribePush(String channel, JsonObject result) {
    JsonObject push = new JsonObject().put("channel", channel).put("subscribe", result);
    return new JsonObject().put("push", push).encode().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A disconnect push: how a connection without close frames (HTTP-streaming, SSE) learns the close code. The SDK
   * decides to reconnect from the code alone (3500-3999 and 4500-4999 are final).
   */
  public static byte[] disconnectPush(int code, String reason) {
    JsonObject push = new JsonObject().put("disconnect", new JsonObject().put("code", code).put("reason", reason));
    return new JsonObject().put("push", push).encode().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] membershipPush(String channel, String kind, JsonObject info) {
    JsonObject push = new JsonObject().put("channel", channel).put(kind, new JsonObject().put("info", info));
    return new JsonObject().put("push", push).encode().getBytes(StandardCharsets.UTF_8);
  }
}
