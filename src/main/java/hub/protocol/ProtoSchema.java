package hub.protocol;

import com.google.protobuf.WireFormat;

import java.util.HashMap;
import java.util.Map;

/**
 * The messages of the Centrifuge client protocol's {@code client.proto} that the hub reads or writes, as field tables:
 * each field's number, its protobuf type and its name, which is the JSON protocol's field name. One table serves both
 * directions, so a handler's JSON result and a decoded request look the same in either format. Field numbers are
 * those of the public protocol definition (centrifugal/protocol, {@code definitions/client.proto}). Immutable.
 */
final class ProtoSchema {

  /** How a field is carried on the wire and shown in JSON. */
  enum Kind {
    STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    BOOL(WireFormat.WIRETYPE_VARINT),
    UINT32(WireFormat.WIRETYPE_VARINT),
    UINT64(WireFormat.WIRETYPE_VARINT),
    INT32(WireFormat.WIRETYPE_VARINT),
    INT64(WireFormat.WIRETYPE_VARINT),
    SINT64(WireFormat.WIRETYPE_VARINT),
    /** A {@code bytes} field holding a JSON value (data, info, conn_info...): the value's UTF-8 JSON text. */
    JSON(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    MESSAGE(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    REPEATED_MESSAGE(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    REPEATED_STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code map<string, Message>}: each entry a message with key 1 and value 2; a JSON object in JSON. */
    MAP_MESSAGE(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** {@code map<string, string>}. */
    MAP_STRING(WireFormat.WIRETYPE_LENGTH_DELIMITED),
    /** A message the hub only needs to know was sent (tag filters, which it refuses); read as {@code true}. */
    PRESENT(WireFormat.WIRETYPE_LENGTH_DELIMITED);

    final int wireType;

    Kind(int wireType) {
      this.wireType = wireType;
    }
  }

  record Field(int number, String name, Kind kind, Message message) {
  }

  /** One message type: its fields by number (dense array, numbers are small) and by JSON name. */
  static final class Message {
    final String name;
    final Field[] fields;
    private final Field[] byNumber;
    private final Map<String, Field> byName = new HashMap<>();

    Message(String name, Field... fields) {
      this.name = name;
      this.fields = fields;
      int max = 0;
      for (Field f : fields) {
        max = Math.max(max, f.number());
      }
      byNumber = new Field[max + 1];
      for (Field f : fields) {
        byNumber[f.number()] = f;
        byName.put(f.name(), f);
      }
    }

    /** The field with this number, or null for one the hub does not know (skipped, as protobuf readers do). */
    Field field(int number) {
      return number < byNumber.length ? byNumber[number] : null;
    }

    Field field(String name) {
      return byName.get(name);
    }
  }

  private static Field f(int number, String name, Kind kind) {
    return new Field(number, name, kind, null);
  }

  private static Field m(int number, String name, Kind kind, Message message) {
    return new Field(number, name, kind, message);
  }

  private static final Message EMPTY = new Message("Empty");

  // ---- requests ------------------------------------------------------------------------------------------------

  static final Message SUBSCRIBE_REQUEST = new Message("SubscribeRequest",
      f(1, "channel", Kind.STRING), f(2, "token", Kind.STRING), f(3, "recover", Kind.BOOL),
      f(6, "epoch", Kind.STRING), f(7, "offset", Kind.UINT64), f(8, "data", Kind.JSON),
      f(9, "positioned", Kind.BOOL), f(10, "recoverable", Kind.BOOL), f(11, "join_leave", Kind.BOOL),
      f(12, "delta", Kind.STRING), f(13, "tf", Kind.PRESENT), f(14, "flag", Kind.INT64), f(15, "type", Kind.INT32),
      f(16, "phase", Kind.INT32), f(17, "cursor", Kind.STRING), f(18, "limit", Kind.INT32), f(19, "asc", Kind.BOOL));

  static final Message CONNECT_REQUEST = new Message("ConnectRequest",
      f(1, "token", Kind.STRING), f(2, "data", Kind.JSON), m(3, "subs", Kind.MAP_MESSAGE, SUBSCRIBE_REQUEST),
      f(4, "name", Kind.STRING), f(5, "version", Kind.STRING), f(6, "headers", Kind.MAP_STRING),
      f(7, "flag", Kind.INT64), f(8, "dict", Kind.STRING), f(9, "profile", Kind.STRING));

  private static final Message CHANNEL_REQUEST = new Message("ChannelRequest", f(1, "channel", Kind.STRING));

  static final Message PUBLISH_REQUEST = new Message("PublishRequest",
      f(1, "channel", Kind.STRING), f(2, "data", Kind.JSON), f(3, "type", Kind.INT32), f(4, "key", Kind.STRING),
      f(5, "removed", Kind.BOOL));

  private static final Message STREAM_POSITION = new Message("StreamPosition",
      f(1, "offset", Kind.UINT64), f(2, "epoch", Kind.STRING));

  static final Message HISTORY_REQUEST = new Message("HistoryRequest",
      f(1, "channel", Kind.STRING), f(7, "limit", Kind.INT32), m(8, "since", Kind.MESSAGE, STREAM_POSITION),
      f(9, "reverse", Kind.BOOL));

  private static final Message DATA_ONLY = new Message("SendRequest", f(1, "data", Kind.JSON));

  static final Message RPC_REQUEST = new Message("RPCRequest", f(1, "data", Kind.JSON), f(2, "method", Kind.STRING));

  private static final Message TOKEN_REQUEST = new Message("RefreshRequest", f(1, "token", Kind.STRING));

  private static final Message KEYED_ITEM = new Message("KeyedItem",
      f(1, "key", Kind.STRING), f(2, "version", Kind.UINT64));

  private static final Message TRACK_BATCH = new Message("TrackBatch",
      f(1, "signature", Kind.STRING), m(2, "items", Kind.REPEATED_MESSAGE, KEYED_ITEM));

  static final Message SUB_REFRESH_REQUEST = new Message("SubRefreshRequest",
      f(1, "channel", Kind.STRING), f(2, "token", Kind.STRING), f(3, "type", Kind.INT32),
      m(4, "track", Kind.REPEATED_MESSAGE, TRACK_BATCH), f(5, "untrack", Kind.REPEATED_STRING));

  /** Command: {@code id} plus one request field per method (2 and 3 are reserved: the v1 method and params). */
  static final Message COMMAND = new Message("Command",
      f(1, "id", Kind.UINT32),
      m(4, "connect", Kind.MESSAGE, CONNECT_REQUEST),
      m(5, "subscribe", Kind.MESSAGE, SUBSCRIBE_REQUEST),
      m(6, "unsubscribe", Kind.MESSAGE, CHANNEL_REQUEST),
      m(7, "publish", Kind.MESSAGE, PUBLISH_REQUEST),
      m(8, "presence", Kind.MESSAGE, CHANNEL_REQUEST),
      m(9, "presence_stats", Kind.MESSAGE, CHANNEL_REQUEST),
      m(10, "history", Kind.MESSAGE, HISTORY_REQUEST),
      m(11, "ping", Kind.MESSAGE, EMPTY),
      m(12, "send", Kind.MESSAGE, DATA_ONLY),
      m(13, "rpc", Kind.MESSAGE, RPC_REQUEST),
      m(14, "refresh", Kind.MESSAGE, TOKEN_REQUEST),
      m(15, "sub_refresh", Kind.MESSAGE, SUB_REFRESH_REQUEST));

  // ---- replies and pushes --------------------------------------------------------------------------------------

  static final Message ERROR = new Message("Error",
      f(1, "code", Kind.UINT32), f(2, "message", Kind.STRING), f(3, "temporary", Kind.BOOL));

  static final Message CLIENT_INFO = new Message("ClientInfo",
      f(1, "user", Kind.STRING), f(2, "client", Kind.STRING), f(3, "conn_info", Kind.JSON),
      f(4, "chan_info", Kind.JSON));

  static final Message PUBLICATION = new Message("Publication",
      f(4, "data", Kind.JSON), m(5, "info", Kind.MESSAGE, CLIENT_INFO), f(6, "offset", Kind.UINT64),
      f(7, "tags", Kind.MAP_STRING), f(8, "delta", Kind.BOOL), f(9, "time", Kind.INT64),
      f(10, "channel", Kind.STRING), f(11, "key", Kind.STRING), f(12, "removed", Kind.BOOL),
      f(13, "score", Kind.SINT64), f(14, "epoch", Kind.STRING), f(15, "prev_data", Kind.JSON),
      f(16, "version", Kind.UINT64));

  private static final Message INFO_ONLY = new Message("Join", m(1, "info", Kind.MESSAGE, CLIENT_INFO));

  private static final Message UNSUBSCRIBE_PUSH = new Message("Unsubscribe",
      f(2, "code", Kind.UINT32), f(3, "reason", Kind.STRING));

  private static final Message SUBSCRIBE_PUSH = new Message("Subscribe",
      f(1, "recoverable", Kind.BOOL), f(4, "epoch", Kind.STRING), f(5, "offset", Kind.UINT64),
      f(6, "positioned", Kind.BOOL), f(7, "data", Kind.JSON));

  static final Message SUBSCRIBE_RESULT = new Message("SubscribeResult",
      f(1, "expires", Kind.BOOL), f(2, "ttl", Kind.UINT32), f(3, "recoverable", Kind.BOOL),
      f(6, "epoch", Kind.STRING), m(7, "publications", Kind.REPEATED_MESSAGE, PUBLICATION),
      f(8, "recovered", Kind.BOOL), f(9, "offset", Kind.UINT64), f(10, "positioned", Kind.BOOL),
      f(11, "data", Kind.JSON), f(12, "was_recovering", Kind.BOOL), f(13, "delta", Kind.BOOL),
      f(14, "id", Kind.INT64), f(15, "type", Kind.INT32), f(16, "phase", Kind.INT32), f(17, "cursor", Kind.STRING),
      m(18, "state", Kind.REPEATED_MESSAGE, PUBLICATION), f(19, "publish_debounce", Kind.UINT32));

  /** ConnectResult, and the Connect push without the result's last two fields (flag, dict: not offered). */
  static final Message CONNECT_RESULT = new Message("ConnectResult",
      f(1, "client", Kind.STRING), f(2, "version", Kind.STRING), f(3, "expires", Kind.BOOL), f(4, "ttl", Kind.UINT32),
      f(5, "data", Kind.JSON), m(6, "subs", Kind.MAP_MESSAGE, SUBSCRIBE_RESULT), f(7, "ping", Kind.UINT32),
      f(8, "pong", Kind.BOOL), f(9, "session", Kind.STRING), f(10, "node", Kind.STRING), f(11, "time", Kind.INT64),
      f(12, "flag", Kind.INT64));

  private static final Message CONNECT_PUSH = new Message("Connect",
      f(1, "client", Kind.STRING), f(2, "version", Kind.STRING), f(3, "data", Kind.JSON),
      m(4, "subs", Kind.MAP_MESSAGE, SUBSCRIBE_RESULT), f(5, "expires", Kind.BOOL), f(6, "ttl", Kind.UINT32),
      f(7, "ping", Kind.UINT32), f(8, "pong", Kind.BOOL), f(9, "session", Kind.STRING), f(10, "node", Kind.STRING),
      f(11, "time", Kind.INT64));

  private static final Message DISCONNECT_PUSH = new Message("Disconnect",
      f(1, "code", Kind.UINT32), f(2, "reason", Kind.STRING), f(3, "reconnect", Kind.BOOL));

  private static final Message EXPIRY = new Message("Refresh", f(1, "expires", Kind.BOOL), f(2, "ttl", Kind.UINT32));

  static final Message PUSH = new Message("Push",
      f(1, "id", Kind.INT64), f(2, "channel", Kind.STRING),
      m(4, "pub", Kind.MESSAGE, PUBLICATION),
      m(5, "join", Kind.MESSAGE, INFO_ONLY),
      m(6, "leave", Kind.MESSAGE, INFO_ONLY),
      m(7, "unsubscribe", Kind.MESSAGE, UNSUBSCRIBE_PUSH),
      m(8, "message", Kind.MESSAGE, DATA_ONLY),
      m(9, "subscribe", Kind.MESSAGE, SUBSCRIBE_PUSH),
      m(10, "connect", Kind.MESSAGE, CONNECT_PUSH),
      m(11, "disconnect", Kind.MESSAGE, DISCONNECT_PUSH),
      m(12, "refresh", Kind.MESSAGE, EXPIRY));

  private static final Message REFRESH_RESULT = new Message("RefreshResult",
      f(1, "client", Kind.STRING), f(2, "version", Kind.STRING), f(3, "expires", Kind.BOOL),
      f(4, "ttl", Kind.UINT32));

  /** Reply: {@code id}, {@code error}, a push, or one result per method, named as the method (3 is reserved). */
  static final Message REPLY = new Message("Reply",
      f(1, "id", Kind.UINT32),
      m(2, "error", Kind.MESSAGE, ERROR),
      m(4, "push", Kind.MESSAGE, PUSH),
      m(5, "connect", Kind.MESSAGE, CONNECT_RESULT),
      m(6, "subscribe", Kind.MESSAGE, SUBSCRIBE_RESULT),
      m(7, "unsubscribe", Kind.MESSAGE, EMPTY),
      m(8, "publish", Kind.MESSAGE, EMPTY),
      m(9, "presence", Kind.MESSAGE, new Message("PresenceResult",
          m(1, "presence", Kind.MAP_MESSAGE, CLIENT_INFO))),
      m(10, "presence_stats", Kind.MESSAGE, new Message("PresenceStatsResult",
          f(1, "num_clients", Kind.UINT32), f(2, "num_users", Kind.UINT32))),
      m(11, "history", Kind.MESSAGE, new Message("HistoryResult",
          m(1, "publications", Kind.REPEATED_MESSAGE, PUBLICATION), f(2, "epoch", Kind.STRING),
          f(3, "offset", Kind.UINT64))),
      m(12, "ping", Kind.MESSAGE, EMPTY),
      m(13, "rpc", Kind.MESSAGE, DATA_ONLY),
      m(14, "refresh", Kind.MESSAGE, REFRESH_RESULT),
      m(15, "sub_refresh", Kind.MESSAGE, new Message("SubRefreshResult",
          f(1, "expires", Kind.BOOL), f(2, "ttl", Kind.UINT32), m(3, "items", Kind.REPEATED_MESSAGE, PUBLICATION))));

  private ProtoSchema() {
  }
}
