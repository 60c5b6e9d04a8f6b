package hub.transport;

import hub.auth.ConnectionLimiter;
import hub.protocol.Format;
import hub.protocol.ProtobufCodec;
import hub.session.TransportEvents;
import hub.support.Await;
import hub.support.WsClient;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write coalescing over a real socket: what one event-loop turn writes to a WebSocket leaves at the end of the turn as
 * one frame, in order, for both formats; it counts as queued while it waits; a large message is never held back; a
 * close sends what waited before its close frame. Each test writes from one task on the socket's own loop, which is
 * what makes "one turn" deterministic here.
 */
class CoalescedWritesIT {

  private Vertx vertx;
  private Context context;
  private int port;
  private volatile boolean coalesce = true;
  private volatile Format format = Format.JSON;
  private volatile CompletableFuture<WebSocketTransport> accepted;
  private WriteCoalescer coalescer;

  /** The smallest server that hands each upgraded socket to a transport, on the verticle's loop. */
  private final class Server extends VerticleBase {
    @Override
    public Future<?> start() {
      CoalescedWritesIT.this.context = context;
      coalescer = new WriteCoalescer(context, hub.config.ClientConfig.DEFAULT_MAX_QUEUED_BYTES);
      SharedFrames frames = new SharedFrames(ByteBufAllocator.DEFAULT);
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true)
              .setWebSocketSubProtocols(List.of(Format.PROTOBUF_SUBPROTOCOL)))
          .webSocketHandler(ws -> {
            WebSocketTransport t = new WebSocketTransport(ws, format, VertxWebSocketChannel.of(ws, frames),
                coalesce ? coalescer : null, new ConnectionLimiter(10),
                new ClosingSockets(ClosingSockets.DEFAULT_CLOSE_GRACE_MS, Clock.systemUTC()));
            t.bind(new Ignored());
            accepted.complete(t);
          });
      return server.listen(0, "127.0.0.1").onSuccess(s -> port = s.actualPort());
    }
  }

  private static final class Ignored implements TransportEvents {
    @Override public void onMessage(String text) { }
    @Override public void onBinaryMessage(byte[] data) { }
    @Override public void onOversized() { }
    @Override public void onBadFrame() { }
    @Override public void onClosed(boolean closeFrameReceived) { }
    @Override public void onFailure(Throwable cause, boolean peerGone) { }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    vertx.deployVerticle(new Server()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] push(int n) {
    return ("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"n\":" + n + "}}}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] protobufPush(int n) {
    return ProtobufCodec.push(new JsonObject().put("channel", "c")
        .put("pub", new JsonObject().put("data", new JsonObject().put("n", n))));
  }

  private record Opened(WsClient client, WebSocketTransport transport) { }

  private Opened open() throws Exception {
    accepted = new CompletableFuture<>();
    WsClient client = format == Format.PROTOBUF
        ? WsClient.openProtobuf(port, "/", Map.of("Sec-WebSocket-Protocol", Format.PROTOBUF_SUBPROTOCOL))
        : WsClient.open(port, "/", Map.of(), true, 0);
    return new Opened(client, accepted.get(10, TimeUnit.SECONDS));
  }

  /** Runs {@code turn} as one task on the sockets' loop and waits for it (not for the flush after it). */
  private <T> T inOneTurn(java.util.function.Supplier<T> turn) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> done.complete(turn.get()));
    return done.get(10, TimeUnit.SECONDS);
  }

  private static void awaitFrames(WsClient c, int n) {
    Await.until(n + " frames received", () -> c.framesReceived().size() >= n);
  }

  @Test
  void theMessagesOfOneTurnLeaveAsOneFrameInOrderAndCountAsQueuedUntilThen() throws Exception {
    Opened o = open();
    int queued = inOneTurn(() -> {
      for (int n = 1; n <= 3; n++) {
        o.transport().write(push(n));
      }
      return o.transport().queuedBytes();
    });
    assertTrue(queued >= push(1).length * 3, "waiting messages count as queued: " + queued);
    awaitFrames(o.client(), 1);
    assertEquals(List.of(new String(push(1)) + "\n" + new String(push(2)) + "\n" + new String(push(3))),
        o.client().framesReceived());
    Await.equal("nothing waits after the turn", 0, () -> inOneTurnQuietly(o.transport()::queuedBytes));
    assertEquals(0, (int) inOneTurn(coalescer::dirtyCount));
    o.client().close();
  }

  private <T> T inOneTurnQuietly(java.util.function.Supplier<T> s) {
    try {
      return inOneTurn(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void protobufRepliesOfOneTurnAreConcatenatedInOneBinaryFrame() throws Exception {
    format = Format.PROTOBUF;
    Opened o = open();
    inOneTurn(() -> {
      for (int n = 1; n <= 3; n++) {
        o.transport().write(protobufPush(n));
      }
      return null;
    });
    awaitFrames(o.client(), 1);
    List<String> frames = o.client().framesReceived();
    assertEquals(1, frames.size(), "one frame: " + frames);
    String[] lines = frames.get(0).split("\n");
    assertEquals(3, lines.length, frames.get(0));
    for (int n = 1; n <= 3; n++) {
      assertTrue(lines[n - 1].contains("\"channel\":\"c\""), lines[n - 1]);
    }
    assertTrue(o.client().garbageReceived().isEmpty(), o.client().garbageReceived().toString());
    o.client().close();
  }

  @Test
  void separateTurnsStaySeparateFrames() throws Exception {
    Opened o = open();
    inOneTurn(() -> { o.transport().write(push(1)); return null; });
    awaitFrames(o.client(), 1);
    inOneTurn(() -> { o.transport().write(push(2)); return null; });
    awaitFrames(o.client(), 2);
    assertEquals(List.of(new String(push(1)), new String(push(2))), o.client().framesReceived());
    o.client().close();
  }

  @Test
  void aLargeMessageIsNotHeldBackAndKeepsItsPlace() throws Exception {
    Opened o = open();
    byte[] big = ("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":\"" + "x".repeat(WriteCoalescer.MAX_JOINED_BYTES)
        + "\"}}}").getBytes(StandardCharsets.UTF_8);
    inOneTurn(() -> {
      o.transport().write(push(1));
      o.transport().write(push(2));
      o.transport().write(big);
      o.transport().write(push(3));
      return null;
    });
    awaitFrames(o.client(), 3);
    List<String> frames = o.client().framesReceived();
    assertEquals(new String(push(1)) + "\n" + new String(push(2)), frames.get(0));
    assertEquals(new String(big, StandardCharsets.UTF_8), frames.get(1));
    assertEquals(new String(push(3)), frames.get(2));
    o.client().close();
  }

  @Test
  void aCloseSendsWhatWaitedBeforeItsCloseFrame() throws Exception {
    Opened o = open();
    inOneTurn(() -> {
      o.transport().write(push(1));
      o.transport().write(push(2));
      o.transport().close(3008, "slow");
      return null;
    });
    assertEquals(new WsClient.Closed(3008, "slow"), o.client().awaitClosed());
    assertEquals(List.of(new String(push(1)) + "\n" + new String(push(2))), o.client().framesReceived());
  }

  @Test
  void withCoalescingOffEveryMessageIsItsOwnFrame() throws Exception {
    coalesce = false;
    Opened o = open();
    AtomicInteger unused = new AtomicInteger();
    inOneTurn(() -> {
      for (int n = 1; n <= 3; n++) {
        o.transport().write(push(n));
      }
      return unused.get();
    });
    awaitFrames(o.client(), 3);
    assertEquals(List.of(new String(push(1)), new String(push(2)), new String(push(3))), o.client().framesReceived());
    o.client().close();
  }
}
