package hub.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection to the hub that writes whatever bytes a test gives it, as slowly as it likes: for the
 * requests no HTTP client would send (half a head, a body that stops, garbage). Reads are bounded by a deadline, and
 * {@link #awaitEnd} tells a connection the server ended (FIN or reset) from one still open.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean ended;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  public static RawHttp open(int port) {
    return open("127.0.0.1", port);
  }

  /** Connects from {@code localAddress} (127.0.0.2 and so on are all loopback on Linux) to 127.0.0.1. */
  public static RawHttp open(String localAddress, int port) {
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setTcpNoDelay(true);
      return new RawHttp(s);
    } catch (IOException e) {
      throw new AssertionError("cannot connect from " + localAddress + ": " + e, e);
    }
  }

  /** Writes the bytes; false when the server has already closed (that is an answer too). */
  public boolean write(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  public boolean write(String text) {
    return write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Reads until the server ends the connection or {@code timeout} passes.
   *
   * @return whether the connection ended (EOF or reset) within the timeout
   */
  public boolean awaitEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buf = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      while (!ended) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) Math.max(1, left));
        int n = in.read(buf);
        if (n < 0) {
          ended = true;
        } else {
          received.write(buf, 0, n);
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      ended = true;
    }
    return true;
  }

  /** Reads for up to {@code timeout} or until {@code text} has arrived; returns everything read so far. */
  public String readUntil(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buf = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      while (!ended && !received().contains(text)) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout((int) Math.max(1, left));
        int n = in.read(buf);
        if (n < 0) {
          ended = true;
        } else {
          received.write(buf, 0, n);
        }
      }
    } catch (SocketTimeoutException timedOut) {
      // return what came
    } catch (IOException reset) {
      ended = true;
    }
    return received();
  }

  /** Everything the server sent so far. */
  public String received() {
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /** The status code of the first response received, or -1. */
  public int status() {
    String r = received();
    if (!r.startsWith("HTTP/1.")) {
      return -1;
    }
    try {
      return Integer.parseInt(r.substring(9, 12));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
