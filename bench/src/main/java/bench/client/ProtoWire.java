package bench.client;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Centrifuge protocol v2 in the protobuf format, as the stock Java, Swift and Dart SDKs speak it: binary frames, each
 * a run of varint-length-delimited messages ({@code Command} out, {@code Reply} in). Connect with a JWT, subscribe,
 * answer every ping (an empty Reply) with an empty Command. Only the fields the harness needs are read or written
 * (field numbers from the public client.proto); the publication's timestamp is read straight from its {@code data}
 * bytes, which are the published JSON.
 */
final class ProtoWire implements WireAdapter {
  // Command fields
  private static final int COMMAND_ID = 1;
  private static final int COMMAND_CONNECT = 4;
  private static final int COMMAND_SUBSCRIBE = 5;
  // Reply, Push and Publication fields
  private static final int REPLY_ID = 1;
  private static final int REPLY_ERROR = 2;
  private static final int REPLY_PUSH = 4;
  private static final int REPLY_CONNECT = 5;
  private static final int REPLY_SUBSCRIBE = 6;
  private static final int PUSH_PUB = 4;
  private static final int PUBLICATION_DATA = 4;
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_LEN = 2;
  /** An empty Command, length-delimited: the pong. */
  private static final Buffer PONG = Buffer.buffer(new byte[] {0});

  private final Jwt jwt;

  ProtoWire(String secret) {
    this.jwt = new Jwt(secret);
  }

  @Override
  public String path() {
    return "/connection/websocket?format=protobuf";
  }

  @Override
  public void start(Session session) {
    String token;
    synchronized (jwt) { // Mac is not thread-safe and sessions start on several event loops
      token = jwt.forSubject("u" + session.index());
    }
    session.sendBinary(command(1, COMMAND_CONNECT, string(1, token)));
  }

  @Override
  public void onText(Session session, String text) {
    session.failed("text frame on a protobuf connection");
  }

  @Override
  public void onBinary(Session session, Buffer frame) {
    int[] at = {0};
    while (at[0] < frame.length()) {
      int len = (int) varint(frame, at);
      int end = at[0] + len;
      if (len == 0) {
        session.answerPing(PONG);
      } else {
        onReply(session, frame, at[0], end);
      }
      at[0] = end;
    }
  }

  private void onReply(Session session, Buffer frame, int from, int end) {
    long id = 0;
    int[] at = {from};
    while (at[0] < end) {
      long key = varint(frame, at);
      int field = (int) (key >>> 3);
      if ((key & 7) == WIRE_VARINT) {
        long v = varint(frame, at);
        if (field == REPLY_ID) id = v;
        continue;
      }
      int len = (int) varint(frame, at);
      int start = at[0];
      at[0] = start + len;
      switch (field) {
        case REPLY_PUSH -> {
          int[] pub = find(frame, start, start + len, PUSH_PUB);
          int[] data = pub == null ? null : find(frame, pub[0], pub[1], PUBLICATION_DATA);
          long ts = data == null ? -1 : Timestamps.extractTs(frame.getString(data[0], data[1], "ISO-8859-1"));
          if (ts > 0) session.publication(ts);
        }
        case REPLY_ERROR -> session.failed("hub error reply (protobuf)");
        case REPLY_CONNECT -> {
          if (id == 1) session.sendBinary(command(2, COMMAND_SUBSCRIBE, string(1, session.channel())));
        }
        case REPLY_SUBSCRIBE -> {
          if (id == 2) session.subscribed();
        }
        default -> { }
      }
    }
  }

  /** The bounds of the first length-delimited field {@code wanted} in [from, end), or null. */
  private static int[] find(Buffer b, int from, int end, int wanted) {
    int[] at = {from};
    while (at[0] < end) {
      long key = varint(b, at);
      if ((key & 7) == WIRE_VARINT) {
        varint(b, at);
        continue;
      }
      if ((key & 7) != WIRE_LEN) return null; // fixed-width fields: none of the ones read here precede data
      int len = (int) varint(b, at);
      if ((key >>> 3) == wanted) return new int[] {at[0], at[0] + len};
      at[0] += len;
    }
    return null;
  }

  private static long varint(Buffer b, int[] at) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b.getByte(at[0]++);
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) return v;
    }
    throw new IllegalArgumentException("varint too long");
  }

  /** A length-delimited Command {@code {id, <method> = body}}, ready to send as one frame. */
  static Buffer command(int id, int method, Buffer body) {
    Buffer msg = Buffer.buffer();
    putVarint(msg, COMMAND_ID << 3 | WIRE_VARINT);
    putVarint(msg, id);
    putVarint(msg, method << 3 | WIRE_LEN);
    putVarint(msg, body.length());
    msg.appendBuffer(body);
    Buffer frame = Buffer.buffer(msg.length() + 5);
    putVarint(frame, msg.length());
    return frame.appendBuffer(msg);
  }

  static Buffer string(int field, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Buffer b = Buffer.buffer(bytes.length + 6);
    putVarint(b, field << 3 | WIRE_LEN);
    putVarint(b, bytes.length);
    return b.appendBytes(bytes);
  }

  private static void putVarint(Buffer b, long v) {
    while ((v & ~0x7fL) != 0) {
      b.appendByte((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    b.appendByte((byte) v);
  }
}
