package hub.it;

import hub.support.Await;
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
 * publication, publishes, asks for presence, and follows a server-initiated disconnect with a reconnect code (it
 * reconnects and resubscribes) and with a terminal code (it stops).
 */
class CentrifugeJavaIT {

  static final Duration WAIT = Duration.ofSeconds(10);

  static TestHub hub;
  final List<Client> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    // A short heartbeat, so that the SDK's pongs are exercised within the test.
    hub = TestHub.start(new JsonObject()
        .put("client", new JsonObject().put("pingIntervalMs", 1_000).put("pongTimeoutMs", 700))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("room", new JsonObject().put("presence", true).put("allowPublish", true)))));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void closeClients() throws InterruptedException {
    for (Client c : clients) {
      c.disconnect();
      c.close(2_000);
    }
    hub.assertIdle();
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
}
