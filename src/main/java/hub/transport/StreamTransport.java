package hub.transport;

import hub.auth.ConnectionLimiter;
import hub.protocol.ProtocolCodec;
import hub.session.Transport;
import hub.session.TransportEvents;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

import java.time.Clock;

/**
 * The only holder of an HTTP-streaming or SSE response. The session's frames go out on the open response; the
 * client's commands arrive separately, through {@code POST /emulation}, and are handed to this transport by
 * {@link EmulationSessions}. A close writes the disconnect push and ends the response; the connection slot and the
 * registry entry are given back once, when the response is finished or its connection is gone. Confined to the
 * event loop that accepted the request, except {@link #deliver}, which may be called from any thread.
 */
final class StreamTransport implements Transport, ClosingSockets.Closing {

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final StreamFraming framing;
  private final String sessionId;
  private final EmulationSessions sessions;
  private final ConnectionLimiter limiter;
  private final ClosingSockets closing;
  private final Clock clock;
  private final Context context;
  private final Channel channel;
  private TransportEvents events;
  /** The hub ended the response (a close); nothing more is written. */
  private boolean ended;
  /** The response is complete or its connection is gone: slot and registry entry released. */
  private boolean finished;

  StreamTransport(HttpServerRequest request, StreamFraming framing, String sessionId, EmulationSessions sessions,
                  ConnectionLimiter limiter, ClosingSockets closing, Clock clock, Context context) {
    this.request = request;
    this.response = request.response();
    this.framing = framing;
    this.sessionId = sessionId;
    this.sessions = sessions;
    this.limiter = limiter;
    this.closing = closing;
    this.clock = clock;
    this.context = context;
    this.channel = nettyChannel(request);
  }

  /**
   * The connection's Netty channel, through a Vert.x internal type; null (and one warning) where that type has
   * moved, and then the public API stands in, as {@link PublicWebSocketChannel} does for WebSockets.
   */
  private static Channel nettyChannel(HttpServerRequest request) {
    if (!internalsUsable) {
      return null;
    }
    try {
      return ((ConnectionBase) request.connection()).channel();
    } catch (ClassCastException | LinkageError e) {
      internalsUsable = false;
      System.getLogger(StreamTransport.class.getName()).log(System.Logger.Level.WARNING,
          "Vert.x internals changed; HTTP streams use the public API from now on (no reset for stalled peers): " + e);
      return null;
    }
  }

  /** Set once to false on the first failure, seen by every loop. */
  static volatile boolean internalsUsable = true;

  /** Sends the status and headers (and the SSE preamble) before the connect command is processed. */
  void open() {
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", framing.contentType)
        .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
        .putHeader("Pragma", "no-cache")
        .putHeader("Expires", "0")
        // nginx would otherwise buffer the stream and the client would see nothing until the buffer fills
        .putHeader("X-Accel-Buffering", "no");
    if (framing.preamble() != null) {
      response.write(framing.preamble());
    } else {
      response.writeHead();
    }
  }

  @Override
  public void bind(TransportEvents events) {
    this.events = events;
    sessions.add(sessionId, this);
    response.closeHandler(v -> onConnectionClosed());
    response.exceptionHandler(t -> events.onFailure(t, true));
    if (response.closed()) {
      onConnectionClosed(); // the client gave up while the gate was checking its credential
    }
  }

  /** Commands from {@code POST /emulation}; run on this stream's loop, in arrival order. */
  void deliver(String commands) {
    context.runOnContext(v -> {
      if (!ended && !finished) {
        events.onMessage(commands);
      }
    });
  }

  private void onConnectionClosed() {
    if (finished) {
      return;
    }
    finish();
    events.onClosed(false); // an HTTP stream has no close handshake: a dropped stream is a lost connection
  }

  /** The one release path of the stream's resources. */
  private void finish() {
    if (!finished) {
      finished = true;
      limiter.release();
      sessions.remove(sessionId, this);
    }
  }

  @Override
  public void write(byte[] frame) {
    if (!ended && !finished) {
      response.write(framing.frame(frame));
    }
  }

  @Override
  public int queuedBytes() {
    if (channel == null) {
      // Public API: only "past Vert.x's write queue size or not"; full reads as far past any limit.
      return response.writeQueueFull() ? Integer.MAX_VALUE / 2 : 0;
    }
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : (int) Math.min(Integer.MAX_VALUE, buffer.totalPendingWriteBytes());
  }

  /**
   * The disconnect push tells the SDK the code (and so whether to reconnect) before the stream ends. A client that
   * stopped reading never takes it; {@link ClosingSockets} cuts the connection after the grace period.
   */
  @Override
  public void close(int code, String reason) {
    if (ended || finished) {
      return;
    }
    ended = true;
    response.write(framing.frame(ProtocolCodec.disconnectPush(code, reason)));
    response.end().onComplete(ar -> finish());
    closing.add(this, clock.millis());
  }

  @Override
  public void abort() {
    if (!finished) {
      cutConnection();
      finish();
    }
  }

  @Override
  public void pause() {
    // Commands do not arrive on this connection; while one waits, the session parks what /emulation brings.
  }

  @Override
  public void resume() {
  }

  @Override
  public String name() {
    return framing.tag;
  }

  @Override
  public String emulationSession() {
    return sessionId;
  }

  @Override
  public boolean isConnectionClosed() {
    return finished;
  }

  /** Resets the TCP connection at once (linger 0), dropping whatever is still queued. */
  @Override
  public void cutConnection() {
    if (channel == null) {
      request.connection().close();
      return;
    }
    if (channel.isOpen()) {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      channel.close();
    }
  }
}
