package hub.protocol;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * One publication on its way to subscribers: the channel, its place in the channel's stream (offset and epoch, both
 * unset on channels without history) and the encoded {@code pub} object without its offset ({@code data}, optional
 * {@code info} and {@code tags}). The pub bytes are what the broker carries and what a stream stores, so that the
 * offset, known only once the stream has sequenced the publication, is spliced in when a frame is built rather than
 * the whole publication encoded again.
 *
 * <p>Frames are built lazily, at most once per wire format per instance, and shared by every subscriber that receives
 * this instance. Immutable apart from those memoised frames, which are published through volatile fields: an
 * instance may be handed to several event loops.
 */
public final class Publication {

  private static final byte[] PUSH_PREFIX = "{\"push\":{\"channel\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PUB_FIELD = ",\"pub\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OFFSET_FIELD = "{\"offset\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PUSH_SUFFIX = "}}".getBytes(StandardCharsets.UTF_8);

  private final String channel;
  private final long offset;
  private final String epoch;
  private final byte[] pub;
  private volatile byte[] jsonPush;
  private volatile byte[] protobufPush;

  /**
   * @param offset the stream offset, or 0 on a channel without history
   * @param epoch  the stream epoch, or null on a channel without history
   * @param pub    the encoded pub object without {@code offset} (see {@link #encodePub}); not modified, not copied
   */
  public Publication(String channel, long offset, String epoch, byte[] pub) {
    this.channel = channel;
    this.offset = offset;
    this.epoch = epoch;
    this.pub = pub;
  }

  /**
   * Encodes the pub object of a publication, without its offset.
   *
   * @param data any JSON value
   * @param info the publisher, for client publications; null for server API publications
   * @param tags string values, or null
   */
  public static byte[] encodePub(Object data, ClientInfo info, JsonObject tags) {
    JsonObject pub = new JsonObject().put("data", data);
    if (info != null) {
      pub.put("info", info.toJson());
    }
    if (tags != null && !tags.isEmpty()) {
      pub.put("tags", tags);
    }
    return pub.encode().getBytes(StandardCharsets.UTF_8);
  }

  public String channel() {
    return channel;
  }

  /** The stream offset; 0 on a channel without history. */
  public long offset() {
    return offset;
  }

  /** The stream epoch; null on a channel without history. */
  public String epoch() {
    return epoch;
  }

  public boolean sequenced() {
    return offset > 0;
  }

  /** The pub object without its offset, as carried and stored; must not be modified. */
  public byte[] pubBytes() {
    return pub;
  }

  /** The pub object as JSON, offset included when sequenced: for replies that list publications. */
  public JsonObject pubJson() {
    JsonObject json = new JsonObject(new String(pub, StandardCharsets.UTF_8));
    if (sequenced()) {
      json.put("offset", offset);
    }
    return json;
  }

  /** The push frame in {@code format}, built at most once per format and shared. */
  public byte[] push(Format format) {
    return format == Format.JSON ? jsonPush() : protobufPush();
  }

  /**
   * The protobuf push frame (a length-delimited Reply with {@code push.channel} and {@code push.pub}), built once and
   * shared; {@code data} and {@code info} go out as their JSON bytes.
   */
  public byte[] protobufPush() {
    byte[] frame = protobufPush;
    if (frame == null) {
      frame = ProtobufCodec.push(new JsonObject().put("channel", channel).put("pub", pubJson()));
      protobufPush = frame;
    }
    return frame;
  }

  /** The JSON push frame, {@code {"push":{"channel":C,"pub":{...}}}}, built once and shared. */
  public byte[] jsonPush() {
    byte[] frame = jsonPush;
    if (frame == null) {
      frame = buildJsonPush();
      jsonPush = frame;
    }
    return frame;
  }

  private byte[] buildJsonPush() {
    byte[] name = JsonObject.of().put("c", channel).encode().getBytes(StandardCharsets.UTF_8);
    // {"c":"<escaped>"} → "<escaped>": the JSON string exactly as the encoder escapes it
    int nameStart = 5;
    int nameLength = name.length - nameStart - 1;
    byte[] offsetDigits = sequenced() ? Long.toString(offset).getBytes(StandardCharsets.US_ASCII) : null;
    boolean emptyPub = pub.length == 2; // "{}"
    int pubLength = offsetDigits == null ? pub.length
        : OFFSET_FIELD.length + offsetDigits.length + (emptyPub ? 1 : pub.length); // {"offset":N + ("," + rest | "}")
    byte[] out = new byte[PUSH_PREFIX.length + nameLength + PUB_FIELD.length + pubLength + PUSH_SUFFIX.length];
    int at = put(out, 0, PUSH_PREFIX, 0, PUSH_PREFIX.length);
    at = put(out, at, name, nameStart, nameLength);
    at = put(out, at, PUB_FIELD, 0, PUB_FIELD.length);
    if (offsetDigits == null) {
      at = put(out, at, pub, 0, pub.length);
    } else {
      at = put(out, at, OFFSET_FIELD, 0, OFFSET_FIELD.length);
      at = put(out, at, offsetDigits, 0, offsetDigits.length);
      if (emptyPub) {
        out[at++] = '}';
      } else {
        out[at++] = ',';
        at = put(out, at, pub, 1, pub.length - 1); // the pub object without its opening brace
      }
    }
    put(out, at, PUSH_SUFFIX, 0, PUSH_SUFFIX.length);
    return out;
  }

  private static int put(byte[] out, int at, byte[] from, int start, int length) {
    System.arraycopy(from, start, out, at, length);
    return at + length;
  }
}
