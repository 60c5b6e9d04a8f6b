package hub.support;

import hub.protocol.ProtobufFrames;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generator of protobuf-format input: valid commands (from {@link FuzzCommands}, encoded with the hub's own
 * field tables) with bytes flipped, cut, inserted or repeated; several commands per frame; lengths that lie; varints
 * that never end; groups nested past reason; and plain random bytes. Not thread-safe: one per thread.
 */
public final class FuzzProtobuf {

  private final FuzzCommands commands;
  private final Random random;

  public FuzzProtobuf(FuzzCommands commands) {
    this.commands = commands;
    this.random = commands.random();
  }

  /** One binary frame. */
  public byte[] frame(long firstId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
    for (int i = 0; i < n; i++) {
      out.writeBytes(command(firstId + i));
    }
    byte[] frame = out.toByteArray();
    if (random.nextInt(100) >= commands.mutatedPercent()) {
      return frame;
    }
    return switch (random.nextInt(6)) {
      case 0 -> flip(frame);
      case 1 -> Arrays.copyOf(frame, random.nextInt(frame.length + 1));
      case 2 -> insert(frame, bytes(1 + random.nextInt(8)));
      case 3 -> bytes(random.nextInt(200));
      case 4 -> lyingLength(frame);
      default -> nested(1 + random.nextInt(20_000));
    };
  }

  /** The first frame of a session that is not connected yet: a connect, sometimes with a bit flipped. */
  public byte[] connectFrame(long id) {
    byte[] frame = ProtobufFrames.command(new JsonObject(RawJson.write(commands.valid("connect", id))));
    return random.nextInt(100) < commands.mutatedPercent() ? flip(frame) : frame;
  }

  /** One length-delimited command, valid where the JSON-side tree can be encoded; random bytes where it cannot. */
  private byte[] command(long id) {
    String method = FuzzCommands.METHODS[random.nextInt(FuzzCommands.METHODS.length)];
    Map<String, Object> tree = commands.valid(method.equals("connect") ? "ping" : method, id);
    try {
      return ProtobufFrames.command(new JsonObject(RawJson.write(tree)));
    } catch (RuntimeException e) {
      return bytes(8);
    }
  }

  private byte[] flip(byte[] frame) {
    byte[] copy = frame.clone();
    for (int i = 1 + random.nextInt(3); i > 0 && copy.length > 0; i--) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return copy;
  }

  private byte[] insert(byte[] frame, byte[] extra) {
    int at = random.nextInt(frame.length + 1);
    byte[] out = new byte[frame.length + extra.length];
    System.arraycopy(frame, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(frame, at, out, at + extra.length, frame.length - at);
    return out;
  }

  /** A length prefix that claims more (up to 2^32-1, or a varint that never ends) than the frame holds. */
  private byte[] lyingLength(byte[] frame) {
    byte[] prefix = switch (random.nextInt(3)) {
      case 0 -> new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
      case 1 -> new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
          (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
      default -> new byte[] {(byte) (frame.length + 5)};
    };
    return concat(prefix, frame);
  }

  /** One command whose body opens {@code depth} groups (or nested length-delimited fields) and never closes them. */
  private byte[] nested(int depth) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0x08);
    body.write(0x01); // id 1
    for (int i = 0; i < depth; i++) {
      body.write(random.nextBoolean() ? 0x0b : 0x2a); // a group start, or field 5 (subscribe) whose length is the next tag
    }
    byte[] b = body.toByteArray();
    return concat(varint(b.length), b);
  }

  private static byte[] varint(int v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
