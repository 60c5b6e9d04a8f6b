package hub.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import hub.protocol.ProtoSchema.Field;
import hub.protocol.ProtoSchema.Kind;
import hub.protocol.ProtoSchema.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Maps protobuf messages to and from the JSON objects the handlers work with, driven by the field tables of
 * {@link ProtoSchema}. Reading follows protobuf's rules (unknown fields skipped, a repeated scalar keeps the last
 * value, a repeated message is merged) and refuses what no encoder produces (a known field with the wrong wire type, a
 * string that is not UTF-8, an unsigned 64-bit value past {@code Long.MAX_VALUE}). Writing omits proto3 defaults
 * (false, 0, "") except for messages, which are always written, even empty, as the JSON protocol always writes result
 * objects. A JSON key with no field in the table is a bug of ours and throws, so a result field added to a handler
 * cannot silently vanish from protobuf replies. Stateless and thread-safe.
 */
final class ProtoJson {

  /**
   * The coded stream's own buffer in front of each message's byte stream. Protobuf's default is 4 KiB, allocated for
   * every nested message; ours are mostly a few dozen bytes, and a larger one simply flushes more often.
   */
  private static final int OUTPUT_BUFFER = 128;

  private ProtoJson() {
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  /** Reads fields until the stream's current limit (or its end) into {@code target}. */
  static void read(Message message, CodedInputStream in, JsonObject target) throws IOException, ProtocolException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      Field field = message.field(WireFormat.getTagFieldNumber(tag));
      if (field == null) {
        if (!in.skipField(tag)) {
          throw new ProtocolException("unexpected end-group tag in " + message.name);
        }
        continue;
      }
      if (WireFormat.getTagWireType(tag) != field.kind().wireType) {
        throw new ProtocolException("wrong wire type for " + message.name + "." + field.name());
      }
      readField(field, in, target);
    }
  }

  private static void readField(Field field, CodedInputStream in, JsonObject target)
      throws IOException, ProtocolException {
    String name = field.name();
    switch (field.kind()) {
      case STRING -> target.put(name, in.readStringRequireUtf8());
      case BOOL -> target.put(name, in.readBool());
      case UINT32 -> target.put(name, number(Integer.toUnsignedLong(in.readUInt32())));
      case UINT64 -> target.put(name, number(unsigned64(in.readUInt64(), name)));
      case INT32 -> target.put(name, in.readInt32());
      case INT64 -> target.put(name, number(in.readInt64()));
      case SINT64 -> target.put(name, number(in.readSInt64()));
      case JSON -> readJson(name, in.readByteArray(), target);
      case MESSAGE -> {
        // A message field that occurs twice is merged, as protobuf readers do.
        JsonObject into = target.getValue(name) instanceof JsonObject existing ? existing : new JsonObject();
        readNested(field.message(), in, into);
        target.put(name, into);
      }
      case REPEATED_MESSAGE -> {
        JsonObject item = new JsonObject();
        readNested(field.message(), in, item);
        arrayOf(target, name).add(item);
      }
      case REPEATED_STRING -> arrayOf(target, name).add(in.readStringRequireUtf8());
      case MAP_MESSAGE, MAP_STRING -> readMapEntry(field, in, objectOf(target, name));
      case PRESENT -> {
        in.skipRawBytes(in.readRawVarint32());
        target.put(name, true);
      }
    }
  }

  private static void readNested(Message message, CodedInputStream in, JsonObject into)
      throws IOException, ProtocolException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new ProtocolException("negative length in " + message.name);
    }
    int outer = in.pushLimit(length); // fails when the length runs past the enclosing message or frame
    read(message, in, into);
    in.popLimit(outer);
  }

  /** A map entry is a message of key (field 1) and value (field 2); either may be missing and is then empty. */
  private static void readMapEntry(Field field, CodedInputStream in, JsonObject map)
      throws IOException, ProtocolException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new ProtocolException("negative length in map " + field.name());
    }
    int outer = in.pushLimit(length);
    String key = "";
    Object value = null;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if ((number == 1 || number == 2) && wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        throw new ProtocolException("wrong wire type in map " + field.name());
      }
      if (number == 1) {
        key = in.readStringRequireUtf8();
      } else if (number == 2 && field.kind() == Kind.MAP_STRING) {
        value = in.readStringRequireUtf8();
      } else if (number == 2) {
        JsonObject entry = new JsonObject();
        readNested(field.message(), in, entry);
        value = entry;
      } else if (!in.skipField(tag)) {
        throw new ProtocolException("unexpected end-group tag in map " + field.name());
      }
    }
    in.popLimit(outer);
    map.put(key, value != null ? value : field.kind() == Kind.MAP_STRING ? "" : new JsonObject());
  }

  /** Empty bytes are proto3's "not set"; anything else must be JSON, or is kept as a {@link BinaryPayload}. */
  private static void readJson(String name, byte[] bytes, JsonObject target) {
    if (bytes.length == 0) {
      target.remove(name);
      return;
    }
    Object value;
    try {
      value = Json.decodeValue(Buffer.buffer(bytes));
    } catch (DecodeException e) {
      value = new BinaryPayload(bytes);
    }
    target.put(name, value);
  }

  /**
   * An integer as the JSON parser gives it: an Integer when it fits, else a Long. Handlers check request fields by
   * type (a {@code flag} must be an Integer, an {@code offset} an Integer or a Long), so both formats must agree.
   */
  private static Number number(long value) {
    if (value == (int) value) {
      return Integer.valueOf((int) value); // not a ?: of Integer and Long: that would unbox both to long
    }
    return Long.valueOf(value);
  }

  private static long unsigned64(long raw, String name) throws ProtocolException {
    if (raw < 0) {
      throw new ProtocolException(name + " is past the largest supported value");
    }
    return raw;
  }

  private static JsonArray arrayOf(JsonObject target, String name) {
    if (target.getValue(name) instanceof JsonArray existing) {
      return existing;
    }
    JsonArray created = new JsonArray();
    target.put(name, created);
    return created;
  }

  private static JsonObject objectOf(JsonObject target, String name) {
    if (target.getValue(name) instanceof JsonObject existing) {
      return existing;
    }
    JsonObject created = new JsonObject();
    target.put(name, created);
    return created;
  }

  // ---- writing -------------------------------------------------------------------------------------------------

  /** Encodes {@code json} as a {@code message}, fields in number order. */
  static byte[] write(Message message, JsonObject json) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes, OUTPUT_BUFFER);
    try {
      int written = 0;
      for (Field field : message.fields) {
        if (json.containsKey(field.name())) {
          written++;
          writeField(field, json.getValue(field.name()), out);
        }
      }
      if (written != json.size()) {
        throw new IllegalArgumentException("no protobuf field for " + unknownKeys(message, json) + " in "
            + message.name);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  private static void writeField(Field field, Object value, CodedOutputStream out) throws IOException {
    int n = field.number();
    if (value == null && field.kind() != Kind.JSON) {
      return;
    }
    switch (field.kind()) {
      case STRING -> {
        String s = (String) value;
        if (!s.isEmpty()) {
          out.writeString(n, s);
        }
      }
      case BOOL -> {
        if ((Boolean) value) {
          out.writeBool(n, true);
        }
      }
      case UINT32 -> {
        long v = integral(value, field);
        if (v < 0 || v > 0xFFFF_FFFFL) {
          throw new IllegalArgumentException(field.name() + " out of uint32 range: " + v);
        }
        if (v != 0) {
          out.writeUInt32(n, (int) v);
        }
      }
      case UINT64, INT64 -> {
        long v = integral(value, field);
        if (field.kind() == Kind.UINT64 && v < 0) {
          throw new IllegalArgumentException(field.name() + " out of uint64 range: " + v);
        }
        if (v != 0) {
          out.writeUInt64(n, v); // int64 and uint64 share the varint encoding of the 64-bit pattern
        }
      }
      case INT32 -> {
        long v = integral(value, field);
        if (v != 0) {
          out.writeInt32(n, Math.toIntExact(v));
        }
      }
      case SINT64 -> {
        long v = integral(value, field);
        if (v != 0) {
          out.writeSInt64(n, v);
        }
      }
      case JSON -> out.writeByteArray(n, jsonBytes(value));
      case MESSAGE -> out.writeByteArray(n, write(field.message(), (JsonObject) value));
      case REPEATED_MESSAGE -> {
        for (Object item : (JsonArray) value) {
          out.writeByteArray(n, write(field.message(), (JsonObject) item));
        }
      }
      case REPEATED_STRING -> {
        for (Object item : (JsonArray) value) {
          out.writeString(n, (String) item);
        }
      }
      case MAP_MESSAGE, MAP_STRING -> writeMap(field, (JsonObject) value, out);
      case PRESENT -> throw new IllegalArgumentException(field.name() + " is read-only");
    }
  }

  private static void writeMap(Field field, JsonObject map, CodedOutputStream out) throws IOException {
    for (Map.Entry<String, Object> e : map) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream(32);
      CodedOutputStream eo = CodedOutputStream.newInstance(entry, OUTPUT_BUFFER);
      eo.writeString(1, e.getKey());
      if (field.kind() == Kind.MAP_STRING) {
        eo.writeString(2, String.valueOf(e.getValue()));
      } else {
        eo.writeByteArray(2, write(field.message(), (JsonObject) e.getValue()));
      }
      eo.flush();
      out.writeByteArray(field.number(), entry.toByteArray());
    }
  }

  /** A JSON value as its compact UTF-8 text; a {@link BinaryPayload} as its own bytes. */
  static byte[] jsonBytes(Object value) {
    if (value instanceof BinaryPayload binary) {
      return binary.bytes();
    }
    if (value instanceof JsonObject o) {
      return o.toBuffer().getBytes();
    }
    if (value instanceof JsonArray a) {
      return a.toBuffer().getBytes();
    }
    return Json.encode(value).getBytes(StandardCharsets.UTF_8);
  }

  private static long integral(Object value, Field field) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    throw new IllegalArgumentException(field.name() + " must be an integer, not " + value);
  }

  private static List<String> unknownKeys(Message message, JsonObject json) {
    return json.fieldNames().stream().filter(k -> message.field(k) == null).toList();
  }
}
