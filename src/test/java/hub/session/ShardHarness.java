package hub.session;

import hub.auth.Identity;
import hub.auth.TokenVerifier;
import hub.channel.ChannelPolicy;
import hub.channel.NodeChannelTable;
import hub.cluster.Addresses;
import hub.config.HubConfig;
import hub.metrics.HubMetrics;
import hub.metrics.LiveResources;
import hub.protocol.Format;
import hub.protocol.ProtobufFrames;
import hub.stream.MemoryStreamStore;
import hub.stream.StoreCalls;
import hub.stream.StoreListener;
import hub.stream.StreamPublisher;
import hub.support.HeldStreamStore;
import hub.support.Await;
import hub.support.FakeClock;
import hub.support.FakeTransport;
import hub.support.HeldPresenceStore;
import hub.support.InMemoryBroker;
import hub.support.TestHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One real {@link SessionShard} on its own Vert.x context, with real policy, metrics and token verification, an
 * in-memory broker, a presence store that can answer late, fake transports and a fake clock. Every interaction runs on the shard's context and waits for
 * it, so the test thread never touches shard state concurrently; tasks run in submission order, so one more
 * {@link #run} after something the shard deferred ({@code closeSoon}) observes its effect.
 */
final class ShardHarness implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final FakeClock clock = FakeClock.atRealNow();
  final HubConfig config;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final LiveResources live = new LiveResources();
  final HubMetrics metrics = new HubMetrics(registry, live, CloseReason.TAGS, List.of());
  final NodeChannelTable nodeChannels = new NodeChannelTable(live);
  final InMemoryBroker broker = new InMemoryBroker();
  final HeldPresenceStore presence = new HeldPresenceStore();
  final HeldStreamStore store =
      new HeldStreamStore(new MemoryStreamStore(64L * 1024 * 1024, 1000, clock::millis, StoreListener.NONE));
  final String nodeId = UUID.randomUUID().toString();
  final Context context;
  final SessionShard shard;

  /** The test hub's configuration (test JWT key, {@code chat} namespace open to publish) plus {@code overrides}. */
  ShardHarness(JsonObject overrides) {
    this(overrides, null);
  }

  /** @param tokens the token checker to use, or null for the real JWT verifier on the test key */
  ShardHarness(JsonObject overrides, hub.auth.TokenChecker tokens) {
    this.config = HubConfig.fromJson(TestHub.config(overrides));
    ShardServices services = new ShardServices(nodeId, config, new ChannelPolicy(config.channels()), metrics,
        tokens != null ? tokens : new TokenVerifier(vertx, config.auth(), clock), broker, nodeChannels, presence, clock,
        new StreamPublisher(broker, store, new StoreCalls(config.history().storeTimeout().toMillis(),
            metrics::storeCall)),
        new hub.proxy.Proxies(vertx, config.proxies(), config.client().proxies().maxInFlight(), metrics.registry()));
    this.context = vertx.getOrCreateContext();
    this.shard = new SessionShard(0, vertx, services);
    await(() -> shard.start());
  }

  /** Runs {@code action} on the shard's context and waits until it has run. */
  void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }

  /** Runs {@code action} on the shard's context and returns its result. */
  <T> T call(Supplier<T> action) {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(action.get());
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return Await.result(done);
  }

  /** Starts {@code action} on the shard's context and waits for the future it returns. */
  <T> T await(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return Await.result(promise.future());
  }

  /** A freshly upgraded socket, adopted by the shard (pre-connect). */
  Peer open() {
    return open(null);
  }

  /** A socket connected as {@code user} with a valid token; fails the test if the connect is refused. */
  Peer connected(String user) {
    Peer p = open();
    JsonObject reply = p.connect(hub.support.Tokens.forUser(user));
    org.junit.jupiter.api.Assertions.assertNotNull(reply.getJsonObject("connect"), user + " connected: " + reply.encode());
    return p;
  }

  Peer open(Identity preIdentity) {
    return open(preIdentity, Format.JSON);
  }

  Peer open(Identity preIdentity, Format format) {
    FakeTransport transport = new FakeTransport();
    Session session = call(() -> shard.adopt(transport, preIdentity, format));
    return new Peer(transport, session);
  }

  /** The client side of one fake socket. */
  final class Peer {
    final FakeTransport transport;
    final Session session;

    Peer(FakeTransport transport, Session session) {
      this.transport = transport;
      this.session = session;
    }

    /** Delivers one inbound binary frame, as the socket would. */
    void sendBinary(byte[] frame) {
      run(() -> transport.events().onBinaryMessage(frame));
    }

    /** Protobuf peers: sends one command object (encoded) and returns the replies written in answer, as JSON. */
    List<JsonObject> protobuf(JsonObject command) {
      int before = call(() -> transport.frames().size());
      sendBinary(ProtobufFrames.command(command));
      return call(() -> {
        List<JsonObject> out = new java.util.ArrayList<>();
        for (byte[] f : transport.frames().subList(before, transport.frames().size())) {
          out.addAll(ProtobufFrames.replies(f));
        }
        return out;
      });
    }

    /** Delivers one inbound text frame, as the socket would. */
    void send(String frame) {
      run(() -> transport.events().onMessage(frame));
    }

    /** Sends one command and returns the reply objects written in answer to this frame. */
    List<JsonObject> frame(String frame) {
      int before = transport.objects().size();
      send(frame);
      List<JsonObject> all = call(transport::objects);
      return all.subList(before, all.size());
    }

    JsonObject command(long id, String method, JsonObject params) {
      List<JsonObject> replies = frame(new JsonObject().put("id", id).put(method, params).encode());
      return replies.isEmpty() ? null : replies.get(replies.size() - 1);
    }

    JsonObject connect(String token) {
      return command(1, "connect", new JsonObject().put("token", token));
    }

    JsonObject subscribe(long id, String channel) {
      return command(id, "subscribe", new JsonObject().put("channel", channel));
    }

    SessionState state() {
      return call(session::state);
    }

    List<String> written() {
      return call(() -> List.copyOf(transport.written()));
    }
  }

  /** "join:user" / "leave:user" for every join or leave push {@code p} has received, in order. */
  List<String> joinsAndLeavesHeard(Peer p) {
    return call(() -> p.transport.objects().stream()
        .filter(o -> o.containsKey("push"))
        .map(o -> o.getJsonObject("push"))
        .filter(push -> push.containsKey("join") || push.containsKey("leave"))
        .map(push -> {
          String kind = push.containsKey("join") ? "join" : "leave";
          return kind + ":" + push.getJsonObject(kind).getJsonObject("info").getString("user");
        })
        .toList());
  }

  /** Runs one sweep at the fake clock's current time, as the shard's periodic timer would. */
  void sweep() {
    run(shard::sweep);
  }

  double closed(String tag) {
    return registry.find(HubMetrics.SESSIONS_CLOSED).tag("reason", tag).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  double closeRepeated() {
    Counter c = registry.find(HubMetrics.CLOSE_REPEATED).counter();
    return c == null ? 0 : c.count();
  }

  /** The shard's own statistics, asked the way the server API asks (event bus, answered on the shard's loop). */
  JsonObject stats() {
    return Await.result(vertx.eventBus().<JsonObject>request(Addresses.shardStats(nodeId, 0),
        new JsonObject().put("channels", true))).body();
  }

  /** Nothing is held for any client: gauges at zero, index and registry empty, opened == closed. */
  void assertReleased() {
    assertEquals(0, live.sessions(), "live sessions");
    assertEquals(0, live.preconnect(), "pre-connect sessions");
    assertEquals(0, live.subscriptions(), "live subscriptions");
    assertEquals(0, live.channels(), "live channels");
    assertEquals(1, live.timers(), "only the shard's sweep timer");
    assertEquals(0, call(shard::sessionCount), "sessions in the shard registry");
    JsonObject stats = stats();
    assertEquals(0, stats.getInteger("clients"), stats::encode);
    assertEquals(0, stats.getInteger("sessions"), stats::encode);
    assertEquals(0, stats.getInteger("subs"), stats::encode);
    assertEquals(new JsonObject(), stats.getJsonObject("channels"), "channel index: " + stats.encode());
    assertEquals(0, stats.getInteger("streams"), "streams followed: " + stats.encode());
    assertEquals(0, stats.getInteger("held"), "publications held: " + stats.encode());
    assertEquals(metrics.openedTotal(), metrics.closedTotal(), "opened == closed");
  }

  @Override
  public void close() {
    try {
      await(() -> shard.stop());
    } finally {
      Await.result(vertx.close());
    }
  }
}
