package hub.it;

import hub.support.Await;
import hub.support.ProxyBackend;
import hub.support.ProxyBackend.Answer;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ClientState;
import io.github.centrifugal.centrifuge.ConnectedEvent;
import io.github.centrifugal.centrifuge.ConnectingEvent;
import io.github.centrifugal.centrifuge.DisconnectedEvent;
import io.github.centrifugal.centrifuge.EventListener;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PresenceResult;
import io.github.centrifugal.centrifuge.PresenceStatsResult;
import io.github.centrifugal.centrifuge.PublicationEvent;
import io.github.centrifugal.centrifuge.PublishResult;
import io.github.centrifugal.centrifuge.RPCResult;
import io.github.centrifugal.centrifuge.ReplyError;
import io.github.centrifugal.centrifuge.ResultCallback;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.SubscriptionEventListener;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock Java SDK (centrifuge-java 0.4.1 from Maven Central, unmodified), which speaks only the protobuf format,
 * against the hub over WebSocket: it connects with a token and keeps the heartbeat, subscribes, receives an API
 * publication, publishes, asks for presence, calls rpc through the rpc proxy (an event-bus backend in the test), and
 * follows a server-initiated disconnect (from the API or from the rpc backend) with a reconnect code (it reconnects
 * and resubscribes) and with a terminal code (it stops).
 */
class CentrifugeJavaIT {

  static final Duration WAIT = Duration.ofSeconds(10);

  static final String RPC_ADDRESS = "test.java.rpc";

  static TestHub hub;
  static ProxyBackend rpcBackend;
  final List<Client> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    // A short heartbeat, so that the SDK's pongs are exercised within the test.
    hub = TestHub.start(new JsonObject()
        .put("client", new JsonObject().put("pingIntervalMs", 1_000).put("pongTimeoutMs", 700).put("rpcProxy", "rpc"))
        .put("proxies", new JsonObject().put("rpc", new JsonObject().put("endpoint", "eventbus:" + RPC_ADDRESS)
            .put("timeoutMs", 2_000)))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true).put("allowPublish", true)))));
    // The application's rpc backend: a consumer on the hub's own event bus, as a JVM service beside it would be.
    rpcBackend = ProxyBackend.eventBus(hub.node().vertx(), RPC_ADDRESS);
  }

  @AfterAll
  static void stop() {
    rpcBackend.close();
    hub.close();
  }

  @AfterEach
  void closeClients() throws InterruptedException {
    for (Client c : clients) {
      c.disconnect();
      c.close(2_000);
    }
    hub.assertIdle();
    rpcBackend.reset();
  }

  /** Every SDK event of interest, queued in arrival order for the test to wait on. */
  static final class Events extends EventListener {
    final BlockingQueue<ConnectedEvent> connected = new LinkedBlockingQueue<>();
    final BlockingQueue<ConnectingEvent> connecting = new LinkedBlockingQueue<>();
    final BlockingQueue<DisconnectedEvent> disconnected = new LinkedBlockingQueue<>();

    @Override
    public void onConnected(Client client, ConnectedEvent event) {
      connected.add(event);
    }

    @Override
    public void onConnecting(Client client, ConnectingEvent event) {
      connecting.add(event);
    }

    @Override
    public void onDisconnected(Client client, DisconnectedEvent event) {
      disconnected.add(event);
    }
  }

  static final class SubEvents extends SubscriptionEventListener {
    final BlockingQueue<SubscribedEvent> subscribed = new LinkedBlockingQueue<>();
    final BlockingQueue<PublicationEvent> publications = new LinkedBlockingQueue<>();

    @Override
    public void onSubscribed(Subscription sub, SubscribedEvent event) {
      subscribed.add(event);
    }

    @Override
    public void onPublication(Subscription sub, PublicationEvent event) {
      publications.add(event);
    }
  }

  private Client client(String user, Events events) {
    Options opts = new Options();
    opts.setToken(Tokens.forUser(user));
    opts.setMinReconnectDelay(50);
    opts.setMaxReconnectDelay(200);
    Client c = new Client("ws://127.0.0.1:" + hub.port() + "/connection/websocket", opts, events);
    clients.add(c);
    return c;
  }

  private static <T> T next(BlockingQueue<T> queue, String what) {
    try {
      T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (item == null) {
        throw new AssertionError("no " + what + " within " + WAIT.toMillis() + " ms");
      }
      return item;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs an SDK call that reports through a callback and returns its result, or its error as the value. */
  private static <T> Object call(java.util.function.Consumer<ResultCallback<T>> action) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    action.accept((e, result) -> done.complete(e != null ? e : result));
    return Await.result(done);
  }

  private static byte[] json(JsonObject o) {
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void connectsSubscribesReceivesPublishesAndAsksForPresence() throws Exception {
    Events events = new Events();
    Client client = client("alice", events);
    client.connect();
    String clientId = next(events.connected, "connect").getClient();
    assertTrue(clientId.length() > 0);

    SubEvents subEvents = new SubEvents();
    Subscription sub = client.newSubscription("room:1", subEvents);
    sub.subscribe();
    next(subEvents.subscribed, "subscribe");

    // an API publication, data exact
    JsonObject data = new JsonObject().put("text", "grüße").put("n", 7);
    hub.apiResult("publish", new JsonObject().put("channel", "room:1").put("data", data));
    PublicationEvent fromApi = next(subEvents.publications, "API publication");
    assertEquals(data, new JsonObject(new String(fromApi.getData(), StandardCharsets.UTF_8)));
    // the SDK always builds an info object; a server publication leaves it empty
    assertEquals("", fromApi.getInfo().getClient(), "no publisher info on a server publication");

    // a client publication reaches a JSON subscriber, and the SDK itself, with the publisher's info
    try (WsClient watcher = WsClient.connected(hub.port(), "bob")) {
      watcher.subscribe("room:1");
      JsonObject mine = new JsonObject().put("from", "java");
      Object published = call((ResultCallback<PublishResult> cb) -> sub.publish(json(mine), cb));
      assertInstanceOf(PublishResult.class, published, String.valueOf(published));
      JsonObject pub = watcher.push().getJsonObject("push").getJsonObject("pub");
      assertEquals(mine, pub.getJsonObject("data"));
      assertEquals(clientId, pub.getJsonObject("info").getString("client"));
      PublicationEvent echo = next(subEvents.publications, "own publication");
      assertEquals("alice", echo.getInfo().getUser());

      Object presence = call((ResultCallback<PresenceResult> cb) -> sub.presence(cb));
      PresenceResult members = assertInstanceOf(PresenceResult.class, presence, String.valueOf(presence));
      assertEquals("alice", members.getClients().get(clientId).getUser());
      assertEquals(2, members.getClients().size(), "alice and bob");
      Object stats = call((ResultCallback<PresenceStatsResult> cb) -> sub.presenceStats(cb));
      PresenceStatsResult counts = assertInstanceOf(PresenceStatsResult.class, stats, String.valueOf(stats));
      assertEquals(2, counts.getNumClients());
      assertEquals(2, counts.getNumUsers());
      watcher.closeCleanly();
    }

    // refusals come back as reply errors, and the connection stays
    Object denied = call((ResultCallback<PublishResult> cb) -> client.publish("news", json(new JsonObject()), cb));
    assertEquals(103, assertInstanceOf(ReplyError.class, denied).getCode());
    Object notJson = call((ResultCallback<PublishResult> cb) ->
        sub.publish(new byte[] {(byte) 0xff, 0x01}, cb));
    assertEquals(107, assertInstanceOf(ReplyError.class, notJson).getCode());

    // the heartbeat: several ping intervals pass and the SDK's pongs keep the session
    double noPong = hub.closed("no_pong");
    Thread.sleep(3_500);
    assertEquals(ClientState.CONNECTED, client.getState());
    assertTrue(events.connecting.stream().noneMatch(e -> e.getCode() >= 3000), "no server close meanwhile");
    assertEquals(noPong, hub.closed("no_pong"));
  }

  @Test
  void aReconnectCodeMakesItReconnectAndResubscribeATerminalCodeStopsIt() throws Exception {
    Events events = new Events();
    Client client = client("carol", events);
    client.connect();
    String first = next(events.connected, "connect").getClient();
    SubEvents subEvents = new SubEvents();
    client.newSubscription("news", subEvents).subscribe();
    next(subEvents.subscribed, "subscribe");

    hub.apiResult("disconnect", new JsonObject().put("user", "carol")
        .put("disconnect", new JsonObject().put("code", 3011).put("reason", "reconnect please")));
    ConnectingEvent reconnecting = next(events.connecting, "reconnecting");
    while (reconnecting.getCode() == 0) { // the first connecting event is the initial connect
      reconnecting = next(events.connecting, "reconnecting");
    }
    assertEquals(3011, reconnecting.getCode());
    assertEquals("reconnect please", reconnecting.getReason());
    String second = next(events.connected, "reconnect").getClient();
    assertNotEquals(first, second, "a new session");
    next(subEvents.subscribed, "resubscribe");
    hub.apiResult("publish", new JsonObject().put("channel", "news").put("data", "after"));
    assertEquals("\"after\"", new String(next(subEvents.publications, "publication").getData(),
        StandardCharsets.UTF_8));

    hub.apiResult("disconnect", new JsonObject().put("user", "carol"));
    DisconnectedEvent stopped = next(events.disconnected, "terminal disconnect");
    assertEquals(3503, stopped.getCode());
    assertEquals("force disconnect", stopped.getReason());
    Await.until("the hub released the session", Duration.ofSeconds(5), () -> hub.live().sessions() == 0);
    Await.sleep(500);
    assertEquals(ClientState.DISCONNECTED, client.getState());
    assertTrue(events.connected.isEmpty(), "no reconnect after a terminal code");
  }
  @Test
  void rpcGoesThroughTheProxyAndItsDisconnectsAreFollowed() {
    Events events = new Events();
    Client client = client("dave", events);
    client.connect();
    String first = next(events.connected, "connect").getClient();

    // a round trip: the SDK's bytes reach the backend as JSON, the backend's data comes back as its bytes
    rpcBackend.answer("rpc", Answer.result(new JsonObject().put("data", new JsonObject().put("sum", 3))));
    Object answered = call((ResultCallback<RPCResult> cb) ->
        client.rpc("sum", json(new JsonObject().put("a", 1).put("b", 2)), cb));
    RPCResult result = assertInstanceOf(RPCResult.class, answered, String.valueOf(answered));
    assertEquals(new JsonObject().put("sum", 3), new JsonObject(new String(result.getData(), StandardCharsets.UTF_8)));
    ProxyBackend.Received request = rpcBackend.next();
    assertEquals("sum", request.body().getString("method"));
    assertEquals(new JsonObject().put("a", 1).put("b", 2), request.body().getJsonObject("data"));
    assertEquals("dave", request.body().getString("user"));
    assertEquals(first, request.body().getString("client"));

    // the backend's error is the SDK's reply error, and the connection stays
    rpcBackend.answer("rpc", Answer.error(1500, "no such account"));
    Object refused = call((ResultCallback<RPCResult> cb) -> client.rpc("pay", json(new JsonObject()), cb));
    ReplyError error = assertInstanceOf(ReplyError.class, refused, String.valueOf(refused));
    assertEquals(1500, error.getCode());
    assertEquals("no such account", error.getMessage());
    assertEquals("pay", rpcBackend.next().body().getString("method"));

    // bytes that are not JSON never reach the (JSON) backend: 107, and the next call is the backend's next request
    Object notJson = call((ResultCallback<RPCResult> cb) -> client.rpc("raw", new byte[] {(byte) 0xff, 0x01}, cb));
    assertEquals(107, assertInstanceOf(ReplyError.class, notJson, String.valueOf(notJson)).getCode());
    rpcBackend.answer("rpc", Answer.result(new JsonObject()));
    assertInstanceOf(RPCResult.class, call((ResultCallback<RPCResult> cb) -> client.rpc("ok", json(new JsonObject()), cb)));
    assertEquals("ok", rpcBackend.next().body().getString("method"), "the 107 call was not forwarded");
    assertEquals(ClientState.CONNECTED, client.getState());

    // a disconnect answer with a reconnect code (4000-4499): the SDK comes back as a new session
    rpcBackend.answer("rpc", Answer.disconnect(4000, "reconnect please"));
    client.rpc("again", json(new JsonObject()), (e, r) -> { });
    ConnectingEvent reconnecting = next(events.connecting, "reconnecting");
    while (reconnecting.getCode() == 0) { // the first connecting event is the initial connect
      reconnecting = next(events.connecting, "reconnecting");
    }
    assertEquals(4000, reconnecting.getCode());
    assertEquals("reconnect please", reconnecting.getReason());
    String second = next(events.connected, "reconnect").getClient();
    assertNotEquals(first, second, "a new session");

    // and with a terminal code (4500-4999): it stops
    rpcBackend.answer("rpc", Answer.disconnect(4501, "account closed"));
    client.rpc("last", json(new JsonObject()), (e, r) -> { });
    DisconnectedEvent stopped = next(events.disconnected, "terminal disconnect");
    assertEquals(4501, stopped.getCode());
    assertEquals("account closed", stopped.getReason());
    Await.until("the hub released the session", Duration.ofSeconds(5), () -> hub.live().sessions() == 0);
    Await.sleep(500);
    assertEquals(ClientState.DISCONNECTED, client.getState());
    assertTrue(events.connected.isEmpty(), "no reconnect after a terminal code");
  }
}
