package hub.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * RFC 6455 framing as a client needs it, written out by hand so that tests can also build what no library would: a
 * client frame (always masked, any opcode, fin or not) and the frames the server sends (never masked). Stateless.
 */
final class WsFrames {

  private static final SecureRandom RANDOM = new SecureRandom();

  private WsFrames() {
  }

  /** One frame as the server sent it. */
  record Frame(boolean fin, int opcode, byte[] payload) {
  }

  /** A masked client frame carrying {@code payload}. */
  static byte[] masked(int opcode, byte[] payload, boolean fin) {
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
    f.write((fin ? 0x80 : 0) | opcode);
    int len = payload.length;
    if (len < 126) {
      f.write(0x80 | len);
    } else if (len < 65536) {
      f.write(0x80 | 126);
      f.write(len >>> 8);
      f.write(len);
    } else {
      f.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) len >>> (8 * i)));
      }
    }
    byte[] mask = randomBytes(4);
    f.write(mask, 0, 4);
    for (int i = 0; i < len; i++) {
      f.write(payload[i] ^ mask[i & 3]);
    }
    return f.toByteArray();
  }

  /** Reads the next server frame; blocks until it is complete. */
  static Frame read(DataInputStream in) throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7F;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
  }

  /** One line of the HTTP answer to the upgrade, without its CR LF. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c == -1 && sb.length() == 0) {
      throw new EOFException("connection closed during handshake");
    }
    return sb.toString();
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
