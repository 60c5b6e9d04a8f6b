package hub.support;

import hub.protocol.ProtobufFrames;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A protocol v2 test client over a plain socket, so that tests control exactly how it misbehaves: vanish without a
 * close frame (FIN), reset the connection (RST), stop reading, stop answering pings, send broken frames.
 * A reader thread sorts incoming objects into replies (by id), pushes and pings. Opened with {@link #openProtobuf}, it
 * speaks the protobuf format (binary frames) behind the same JSON-shaped methods: commands are encoded and replies
 * decoded to the objects the JSON format would carry.
 */
public final class WsClient implements AutoCloseable {

  /** An upgrade the server refused with an HTTP status. */
  public static final class Rejected extends RuntimeException {
    public final int status;

    Rejected(int status, String line) {
      super("upgrade refused: " + line);
      this.status = status;
    }
  }

  /** How the connection ended: a close frame's code and reason, or code -1 when it ended without one. */
  public record Closed(int code, String reason) {
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final WsInbox inbox = new WsInbox(this::onPing);
  private final Map<Long, JsonObject> replies = inbox.replies;
  private final BlockingQueue<JsonObject> pushes = inbox.pushes;
  private final AtomicLong nextId = new AtomicLong(1);
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private volatile String clientId;
  private volatile Closed closed;
  private volatile long closedAtNanos;
  private volatile boolean autoPong = true;
  private volatile boolean answerClose = true;
  private final CountDownLatch endLatch = new CountDownLatch(1);
  private volatile long endedAtNanos;
  private volatile Thread reader;
  private volatile boolean protobuf;
  private volatile String subprotocol;

  private WsClient(Socket socket, DataInputStream in) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = in;
  }

  public static WsClient open(int port) {
    return open(port, "/connection/websocket", Map.of(), true, 0);
  }

  /**
   * @param read          start the reader thread (false: a client that never reads)
   * @param receiveBuffer socket receive buffer in bytes, or 0 for the default
   */
  public static WsClient open(int port, String pathAndQuery, Map<String, String> headers, boolean read,
                              int receiveBuffer) {
    try {
      Socket socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      String key = Base64.getEncoder().encodeToString(WsFrames.randomBytes(16));
      StringBuilder req = new StringBuilder()
          .append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
          .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
          .append("Sec-WebSocket-Version: 13\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("\r\n");
      socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String status = WsFrames.readLine(in);
      String line;
      String subprotocol = null;
      do {
        line = WsFrames.readLine(in);
        if (line.regionMatches(true, 0, "Sec-WebSocket-Protocol:", 0, 23)) {
          subprotocol = line.substring(23).trim();
        }
      } while (!line.isEmpty());
      int code = Integer.parseInt(status.split(" ")[1]);
      if (code != 101) {
        socket.close();
        throw new Rejected(code, status);
      }
      WsClient client = new WsClient(socket, in);
      client.subprotocol = subprotocol;
      if (read) {
        client.startReading();
      }
      return client;
    } catch (IOException e) {
      throw new AssertionError("cannot open WebSocket: " + e, e);
    }
  }

  /** Opens a protobuf connection (subprotocol {@code centrifuge-protobuf}). */
  public static WsClient openProtobuf(int port) {
    return openProtobuf(port, "/connection/websocket", Map.of("Sec-WebSocket-Protocol", "centrifuge-protobuf"));
  }

  /** Opens a protobuf connection; {@code pathAndQuery} and {@code headers} must select the protobuf format. */
  public static WsClient openProtobuf(int port, String pathAndQuery, Map<String, String> headers) {
    WsClient c = open(port, pathAndQuery, headers, false, 0);
    c.protobuf = true;
    c.startReading();
    return c;
  }

  /** Opens a protobuf connection and completes {@code connect} with a token for {@code user}. */
  public static WsClient connectedProtobuf(int port, String user) {
    WsClient c = openProtobuf(port);
    JsonObject reply = c.connect(Tokens.forUser(user));
    if (!reply.containsKey("connect")) {
      throw new AssertionError("connect failed: " + reply);
    }
    return c;
  }

  /** Opens and completes {@code connect} with a token for {@code user}. */
  public static WsClient connected(int port, String user) {
    WsClient c = open(port);
    JsonObject reply = c.connect(Tokens.forUser(user));
    if (!reply.containsKey("connect")) {
      throw new AssertionError("connect failed: " + reply);
    }
    return c;
  }

  /** The subprotocol the server named in its 101 answer, or null when it named none. */
  public String subprotocol() {
    return subprotocol;
  }

  public void autoPong(boolean on) {
    autoPong = on;
  }

  /** Off: receive the hub's close frame but never answer it, as a peer that froze mid-close would. */
  public void answerCloseFrames(boolean on) {
    answerClose = on;
  }

  /**
   * Waits until the reader thread has stopped: after it answered a close frame, or, when close frames are not
   * answered, when the connection reached end of stream or was reset.
   */
  public void awaitEnd(Duration timeout) {
    try {
      if (!endLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("connection still readable after " + timeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** {@link System#nanoTime()} when the reader stopped; meaningful after {@link #awaitEnd}. */
  public long endedAtNanos() {
    return endedAtNanos;
  }

  public int pingsReceived() {
    return inbox.pings.get();
  }

  // ---- protocol helpers -------------------------------------------------------------------------------------

  public JsonObject connect(String token) {
    JsonObject reply = call("connect", new JsonObject().put("token", token));
    JsonObject result = reply.getJsonObject("connect");
    if (result != null) {
      clientId = result.getString("client");
    }
    return reply;
  }

  /** The connection id from the last successful {@link #connect}, or null. */
  public String clientId() {
    return clientId;
  }

  /** Every data message received so far (the latest ones, for a long-lived client), in arrival order. */
  public List<String> framesReceived() {
    return inbox.frames();
  }

  /** Lines received that were not JSON objects (empty lines included); a correct server sends none. */
  public List<String> garbageReceived() {
    return inbox.garbage();
  }

  /** Writes bytes as they are, for frames this client would never build itself. */
  public synchronized void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError("write failed: " + e, e);
    }
  }

  /** Sends one command and waits for its reply. */
  public JsonObject call(String method, JsonObject params) {
    long id = send(method, params);
    return reply(id);
  }

  /** Sends one command; returns its id. */
  public long send(String method, JsonObject params) {
    long id = nextId.getAndIncrement();
    sendCommand(new JsonObject().put(method, params).put("id", id));
    return id;
  }

  /** Sends one command object as it is, in this connection's format. */
  public void sendCommand(JsonObject command) {
    if (protobuf) {
      sendFrame(0x2, ProtobufFrames.command(command), true);
    } else {
      sendText(command.encode());
    }
  }

  public long nextId() {
    return nextId.getAndIncrement();
  }

  public JsonObject subscribe(String channel) {
    return call("subscribe", new JsonObject().put("channel", channel));
  }

  public JsonObject reply(long id) {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject r = replies.remove(id);
      if (r != null) {
        return r;
      }
      if (closed != null && replies.get(id) == null) {
        throw new AssertionError("connection closed before reply " + id + ": " + closed);
      }
      Await.sleep(2);
    }
    throw new AssertionError("no reply to command " + id);
  }

  /** The reply to {@code id} if it has arrived (taking it), else null at once. */
  public JsonObject pollReply(long id) {
    return replies.remove(id);
  }

  /**
   * The reply to {@code id}, or null once the connection has ended without one; fails when neither happens within
   * {@code timeout}: the hub must answer every command or close the connection.
   */
  public JsonObject replyOrEnd(long id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject r = replies.remove(id);
      if (r != null) {
        return r;
      }
      if (closed != null) {
        return replies.remove(id);
      }
      Await.sleep(2);
    }
    throw new AssertionError("neither a reply to " + id + " nor a close within " + timeout.toMillis() + " ms");
  }

  public JsonObject push() {
    return push(Await.DEFAULT);
  }

  public JsonObject push(Duration timeout) {
    try {
      JsonObject p = pushes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (p == null) {
        throw new AssertionError("no push within " + timeout.toMillis() + " ms" + (closed != null ? " (closed: " + closed + ")" : ""));
      }
      return p;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** A push if one arrives within {@code timeout}, else null. */
  public JsonObject pollPush(Duration timeout) {
    try {
      return pushes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public Closed awaitClosed() {
    return awaitClosed(Await.DEFAULT);
  }

  public Closed awaitClosed(Duration timeout) {
    try {
      if (!closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("connection still open after " + timeout.toMillis() + " ms");
      }
      return closed;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public boolean isClosed() {
    return closed != null;
  }

  /** {@link System#nanoTime()} when the reader saw the connection end; meaningful once {@link #isClosed()}. */
  public long closedAtNanos() {
    return closedAtNanos;
  }

  // ---- frames -----------------------------------------------------------------------------------------------

  public void sendText(String text) {
    sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8), true);
  }

  public void sendFrame(int opcode, byte[] payload, boolean fin) {
    sendRaw(WsFrames.masked(opcode, payload, fin));
  }

  /** A clean close: close frame, then wait for the server's. */
  public void closeCleanly() {
    sendFrame(0x8, new byte[] {0x03, (byte) 0xE8}, true);
  }

  /** Vanish with a FIN and no close frame. */
  public void fin() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  /** Vanish with a TCP reset. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    reset();
  }

  /**
   * Starts the reader thread of a client opened with {@code read == false}, to play one that stalled and then
   * resumed reading.
   */
  public synchronized void startReading() {
    if (reader != null) {
      return;
    }
    Thread t = new Thread(this::readLoop, "ws-client-reader");
    t.setDaemon(true);
    reader = t;
    t.start();
  }

  private void readLoop() {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    try {
      socket.setSoTimeout(0);
      while (true) {
        WsFrames.Frame f = WsFrames.read(in);
        byte[] payload = f.payload();
        if (f.opcode() == 0x8) {
          if (onCloseFrame(payload)) {
            break;
          }
          continue; // play a peer that never completes the close handshake: keep reading until the hub cuts us
        }
        if (f.opcode() == 0x9) {
          sendFrame(0xA, payload, true);
          continue;
        }
        if (f.opcode() == 0xA) {
          continue; // a pong answers our ping; its payload is not part of any message
        }
        message.write(payload);
        if (f.fin()) {
          if (protobuf) {
            inbox.protobuf(f.opcode(), message.toByteArray());
          } else {
            inbox.text(message.toString(StandardCharsets.UTF_8));
          }
          message.reset();
        }
      }
    } catch (EOFException | java.net.SocketException e) {
      // ended without (or after) a close frame
    } catch (IOException e) {
      // treated as the end of the connection
    } finally {
      if (closed == null) {
        closed = new Closed(-1, "");
      }
      if (closedLatch.getCount() > 0) {
        closedAtNanos = System.nanoTime();
        closedLatch.countDown();
      }
      endedAtNanos = System.nanoTime();
      endLatch.countDown();
    }
  }

  /** @return whether the reader stops: the close was answered (when close frames are answered at all) */
  private boolean onCloseFrame(byte[] payload) {
    int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    closed = new Closed(code, reason);
    if (!answerClose) {
      closedAtNanos = System.nanoTime();
      closedLatch.countDown();
      return false;
    }
    try {
      sendFrame(0x8, new byte[] {payload.length >= 2 ? payload[0] : 0x03, payload.length >= 2 ? payload[1] : (byte) 0xE8},
          true);
    } catch (AssertionError ignored) {
      // server already gone
    }
    return true;
  }

  private void onPing() {
    if (autoPong) {
      sendCommand(new JsonObject());
    }
  }

  public static Map<String, String> headers(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
