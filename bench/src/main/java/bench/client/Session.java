package bench.client;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;

/**
 * One client connection: its index, channel, socket and handshake outcome. Handlers run on the
 * socket's event loop; {@link #goSilent()} and {@link Ending#end} may be called from other
 * threads, which Vert.x allows for writes and close.
 */
public final class Session {
  private final int index;
  private final String channel;
  private final LoadStats stats;
  private final Promise<Session> ready = Promise.promise();
  private final long startedNanos = System.nanoTime();
  private volatile WebSocket socket;
  private volatile StreamLink stream;
  private volatile boolean silent;

  Session(int index, String channel, LoadStats stats) {
    this.index = index;
    this.channel = channel;
    this.stats = stats;
  }

  public int index() {
    return index;
  }

  public String channel() {
    return channel;
  }

  WebSocket socket() {
    return socket;
  }

  void attach(WebSocket socket) {
    this.socket = socket;
  }

  /** The HTTP-streaming link of a session that has no WebSocket, or null. */
  StreamLink stream() {
    return stream;
  }

  void attach(StreamLink stream) {
    this.stream = stream;
  }

  io.vertx.core.Future<Session> ready() {
    return ready.future();
  }

  void send(String text) {
    StreamLink s = stream;
    if (s != null) {
      s.send(text);
    } else {
      socket.writeTextMessage(text);
    }
  }

  void sendBinary(io.vertx.core.buffer.Buffer frame) {
    socket.writeBinaryMessage(frame);
  }

  void subscribed() {
    if (ready.tryComplete(this)) {
      stats.recordConnect((System.nanoTime() - startedNanos) / 1_000);
    }
  }

  void failed(String reason) {
    ready.tryFail(reason);
  }

  void publication(long sentMicros) {
    stats.recordDelivery(Timestamps.nowMicros() - sentMicros);
  }

  /** Pings are answered unless this session plays a client that stopped answering. */
  void answerPing(String pong) {
    if (!silent) send(pong);
  }

  void answerPing(io.vertx.core.buffer.Buffer pong) {
    if (!silent) sendBinary(pong);
  }

  /** From now on the session ignores heartbeats, like a peer that vanished without a FIN. */
  void goSilent() {
    silent = true;
  }

  boolean isSilent() {
    return silent;
  }
}
