package hub.it;

import hub.protocol.ServerVersion;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server API over HTTP: key checks, request errors and their HTTP mapping, publication fan-out to every shard,
 * targeted disconnects, node figures, batches, and the Prometheus endpoint (the same API over the event bus is
 * {@link EventBusApiIT}'s).
 */
class ApiIT {

  static TestHub hub;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("channels", new JsonObject().put("namespaces", new JsonObject()
        .put("room", new JsonObject().put("presence", true)))));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void everyClientGone() {
    clients.forEach(WsClient::reset);
    hub.assertIdle();
  }

  private WsClient connected(String user, String... channels) {
    WsClient c = WsClient.connected(hub.port(), user);
    clients.add(c);
    for (String channel : channels) {
      assertTrue(c.subscribe(channel).containsKey("subscribe"));
    }
    return c;
  }

  private static JsonObject api(String method, JsonObject body) {
    return hub.apiResult(method, body);
  }

  private static void assertError(int code, JsonObject response) {
    JsonObject e = response.getJsonObject("error");
    assertTrue(e != null, () -> "expected error " + code + ": " + response.encode());
    assertEquals(code, e.getInteger("code"), response::encode);
    assertFalse(e.getString("message", "").isEmpty());
    assertFalse(response.containsKey("result"));
  }

  // ---- authentication -------------------------------------------------------------------------------------------

  private static final String PUBLISH = new JsonObject().put("channel", "news").put("data", 1).encode();

  @Test
  void missingOrWrongKeyGets401WithEmptyBody() {
    for (Map<String, String> headers : List.of(
        Map.<String, String>of(),
        Map.of("X-API-Key", "wrong"),
        Map.of("X-API-Key", ""),
        Map.of("Authorization", "apikey wrong"),
        Map.of("Authorization", "Bearer " + TestHub.API_KEY),
        Map.of("Authorization", "apikey"))) {
      HttpResponse<String> r = hub.post("/api/publish", PUBLISH, headers);
      assertEquals(401, r.statusCode(), headers::toString);
      assertEquals("", r.body(), headers::toString);
    }
    HttpResponse<String> unknown = hub.post("/api/nope", "{}", Map.of());
    assertEquals(401, unknown.statusCode(), "the key is checked before the method");
    assertEquals("", unknown.body());
  }

  @Test
  void apikeyAuthorizationSchemeIsAccepted() {
    for (String scheme : List.of("apikey", "ApiKey", "APIKEY")) {
      HttpResponse<String> r = hub.post("/api/publish", PUBLISH, Map.of("Authorization", scheme + " " + TestHub.API_KEY));
      assertEquals(200, r.statusCode(), scheme);
      assertEquals(new JsonObject().put("result", new JsonObject()), new JsonObject(r.body()));
    }
  }

  @Test
  void keyInTheQueryIsRefusedByDefault() {
    // A key in the URL lands in access logs (issue 10 item 11): off unless api.allowQueryKey says otherwise.
    assertEquals(401, hub.post("/api/publish?api_key=" + TestHub.API_KEY, PUBLISH, Map.of()).statusCode());
    assertEquals(200, hub.post("/api/publish?api_key=wrong", PUBLISH, TestHub.API_KEY).statusCode(),
        "a header key still works, whatever the query says");
  }

  @Test
  void keyInTheQueryIsAcceptedWhenAllowed() {
    try (TestHub open = TestHub.start(new JsonObject().put("api", new JsonObject().put("allowQueryKey", true)))) {
      HttpResponse<String> r = open.post("/api/publish?api_key=" + TestHub.API_KEY, PUBLISH, Map.of());
      assertEquals(200, r.statusCode());
      assertEquals(new JsonObject().put("result", new JsonObject()), new JsonObject(r.body()));
      assertEquals(401, open.post("/api/publish?api_key=wrong", PUBLISH, Map.of()).statusCode());
    }
  }

  // ---- malformed requests ---------------------------------------------------------------------------------------

  @Test
  void bodyThatIsNotAJsonObjectGets400PlainText() {
    for (String body : List.of("not json", "[1,2]", "\"text\"", "{\"channel\":")) {
      HttpResponse<String> r = hub.post("/api/publish", body, TestHub.API_KEY);
      assertEquals(400, r.statusCode(), body);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), body);
      assertFalse(r.body().isEmpty());
    }
  }

  @Test
  void unknownMethodGets404() {
    assertEquals(404, hub.post("/api/subscribe_everyone", "{}", TestHub.API_KEY).statusCode());
  }

  static Stream<Arguments> publishErrors() {
    return Stream.of(
        Arguments.of("no channel", new JsonObject().put("data", 1), 107, 400),
        Arguments.of("empty channel", new JsonObject().put("channel", "").put("data", 1), 107, 400),
        Arguments.of("channel not a string", new JsonObject().put("channel", 5).put("data", 1), 107, 400),
        Arguments.of("no data", new JsonObject().put("channel", "news"), 107, 400),
        Arguments.of("b64data not base64", new JsonObject().put("channel", "news").put("b64data", "@@@"), 107, 400),
        Arguments.of("b64data not JSON", new JsonObject().put("channel", "news")
            .put("b64data", b64("hello")), 107, 400),
        Arguments.of("non-ASCII channel", new JsonObject().put("channel", "nöws").put("data", 1), 107, 400),
        Arguments.of("tags not strings", new JsonObject().put("channel", "news").put("data", 1)
            .put("tags", new JsonObject().put("n", 1)), 107, 400),
        Arguments.of("unknown namespace", new JsonObject().put("channel", "nope:1").put("data", 1), 102, 404));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishErrors")
  void publishErrorsAreHttp200ByDefault(String name, JsonObject body, int code, int transportStatus) {
    HttpResponse<String> r = hub.api("publish", body);
    assertEquals(200, r.statusCode());
    assertError(code, new JsonObject(r.body()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("publishErrors")
  void publishErrorsMapToHttpStatusesInTransportMode(String name, JsonObject body, int code, int transportStatus) {
    HttpResponse<String> r = hub.post("/api/publish", body.encode(),
        Map.of("X-API-Key", TestHub.API_KEY, "X-Centrifugo-Error-Mode", "transport"));
    assertEquals(transportStatus, r.statusCode());
    assertError(code, new JsonObject(r.body()));
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  // ---- publish and broadcast ------------------------------------------------------------------------------------

  /** Opens subscribers until both shards hold at least one (connections are spread round-robin). */
  private List<WsClient> subscribersOnEveryShard(String channel, int atLeast) {
    List<WsClient> subs = new ArrayList<>();
    for (int i = 0; i < 16 && (subs.size() < atLeast || !everyShardHasClients()); i++) {
      subs.add(connected("sub" + i, channel));
    }
    assertTrue(everyShardHasClients(), "both shards have subscribers");
    return subs;
  }

  private static boolean everyShardHasClients() {
    for (int s = 0; s < TestHub.SHARDS; s++) {
      if (hub.shardStats(s).getInteger("clients") == 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void publishReachesEverySubscriberOnEveryShardExactlyOnce() {
    List<WsClient> subs = subscribersOnEveryShard("news", 6);
    WsClient other = connected("other", "chat:x");
    JsonObject first = new JsonObject().put("seq", 1).put("text", "line\nbreak");
    assertEquals(new JsonObject().put("result", new JsonObject()),
        api("publish", new JsonObject().put("channel", "news").put("data", first)));
    api("publish", new JsonObject().put("channel", "news").put("data", new JsonObject().put("seq", 2)));
    for (WsClient c : subs) {
      JsonObject pub = c.push().getJsonObject("push").getJsonObject("pub");
      assertEquals(first, pub.getJsonObject("data"));
      assertFalse(pub.containsKey("info"), "server publications carry no client info");
      // the next push is the next publication, not a second copy of the first
      assertEquals(2, c.push().getJsonObject("push").getJsonObject("pub").getJsonObject("data").getInteger("seq"));
    }
    api("publish", new JsonObject().put("channel", "chat:x").put("data", "only for chat"));
    assertEquals("only for chat", other.push().getJsonObject("push").getJsonObject("pub").getString("data"),
        "a subscriber of another channel heard nothing before its own");
  }

  @Test
  void b64dataThatDecodesToJsonIsDeliveredAsThatJson() {
    WsClient c = connected("alice", "news");
    JsonObject data = new JsonObject().put("k", new JsonArray().add(1).add("two"));
    api("publish", new JsonObject().put("channel", "news").put("b64data", b64(data.encode())));
    assertEquals(data, c.push().getJsonObject("push").getJsonObject("pub").getJsonObject("data"));
    api("publish", new JsonObject().put("channel", "news").put("b64data", b64("\"plain string\"")));
    assertEquals("plain string", c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
  }

  @Test
  void publishCarriesTags() {
    WsClient c = connected("alice", "news");
    api("publish", new JsonObject().put("channel", "news").put("data", 1).put("tags", new JsonObject().put("k", "v")));
    assertEquals(new JsonObject().put("k", "v"), c.push().getJsonObject("push").getJsonObject("pub").getJsonObject("tags"));
  }

  @Test
  void broadcastAnswersOncePerChannelInOrder() {
    WsClient news = connected("alice", "news");
    WsClient chat = connected("bob", "chat:a");
    JsonObject result = api("broadcast", new JsonObject()
        .put("channels", new JsonArray().add("news").add("chat:a").add("nope:x").add("").add(7))
        .put("data", new JsonObject().put("b", 1))).getJsonObject("result");
    JsonArray responses = result.getJsonArray("responses");
    assertEquals(5, responses.size(), responses::encode);
    assertEquals(new JsonObject().put("result", new JsonObject()), responses.getJsonObject(0));
    assertEquals(new JsonObject().put("result", new JsonObject()), responses.getJsonObject(1));
    assertError(102, responses.getJsonObject(2));
    assertError(107, responses.getJsonObject(3));
    assertError(107, responses.getJsonObject(4));
    assertEquals(1, news.push().getJsonObject("push").getJsonObject("pub").getJsonObject("data").getInteger("b"));
    assertEquals(1, chat.push().getJsonObject("push").getJsonObject("pub").getJsonObject("data").getInteger("b"));
  }

  @Test
  void broadcastWithoutChannelsOrDataIs107() {
    assertError(107, api("broadcast", new JsonObject().put("data", 1)));
    assertError(107, api("broadcast", new JsonObject().put("channels", new JsonArray()).put("data", 1)));
    assertError(107, api("broadcast", new JsonObject().put("channels", "news").put("data", 1)));
    assertError(107, api("broadcast", new JsonObject().put("channels", new JsonArray().add("news"))));
  }

  // ---- disconnect -----------------------------------------------------------------------------------------------

  @Test
  void disconnectRefusesJsonLookingReasonsAndCodesOutsideTheProtocolRanges() {
    WsClient alice = connected("alice", "news");
    // The SDK would parse these reasons as JSON and let them override the code's reconnect decision.
    for (String reason : new String[] {"123", "{\"reconnect\":false}", "true", "\"quoted\""}) {
      assertError(107, api("disconnect", new JsonObject().put("user", "alice")
          .put("disconnect", new JsonObject().put("code", 3011).put("reason", reason))));
    }
    assertError(107, api("disconnect", new JsonObject().put("user", "alice")
        .put("disconnect", new JsonObject().put("code", 1000).put("reason", "x"))));
    assertTrue(!alice.isClosed(), "refused requests close nothing");
  }

  /**
   * Waits until every shard has handled every disconnect sent so far: a sentinel user with a session on each shard
   * is disconnected last, and control messages reach each shard in the order they were sent.
   */
  private void awaitDisconnectsHandled() {
    List<WsClient> sentinels = new ArrayList<>();
    for (int i = 0; i < 8 && !everyShardHasUser("zz-sentinel"); i++) {
      sentinels.add(connected("zz-sentinel"));
    }
    assertTrue(everyShardHasUser("zz-sentinel"));
    api("disconnect", new JsonObject().put("user", "zz-sentinel"));
    for (WsClient s : sentinels) {
      assertEquals(3503, s.awaitClosed().code());
    }
  }

  private static boolean everyShardHasUser(String user) {
    for (int s = 0; s < TestHub.SHARDS; s++) {
      if (!hub.shardStats(s).getJsonArray("users").contains(user)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void disconnectByClientAndWhitelistAffectsOnlyTheIntendedSessions() {
    WsClient a1 = connected("alice", "news");
    WsClient a2 = connected("alice", "news");
    WsClient a3 = connected("alice");
    WsClient bob = connected("bob", "news");
    WsClient pre = WsClient.open(hub.port());
    clients.add(pre);

    assertEquals(new JsonObject().put("result", new JsonObject()),
        api("disconnect", new JsonObject().put("user", "alice").put("client", a1.clientId())));
    assertEquals(new WsClient.Closed(3503, "force disconnect"), a1.awaitClosed());
    awaitDisconnectsHandled();
    for (WsClient c : List.of(a2, a3, bob, pre)) {
      assertFalse(c.isClosed(), "only the named connection goes");
    }

    api("disconnect", new JsonObject().put("user", "alice").put("whitelist", new JsonArray().add(a3.clientId())));
    assertEquals(3503, a2.awaitClosed().code());
    awaitDisconnectsHandled();
    assertFalse(a3.isClosed(), "the whitelisted connection stays");
    assertFalse(bob.isClosed(), "other users stay");
    assertFalse(pre.isClosed(), "sessions that never connected are not users");
    assertTrue(bob.call("ping", new JsonObject()).containsKey("ping"));

    api("disconnect", new JsonObject().put("user", "alice"));
    assertEquals(3503, a3.awaitClosed().code());
  }

  @Test
  void disconnectRequestErrors() {
    assertError(107, api("disconnect", new JsonObject()));
    assertError(107, api("disconnect", new JsonObject().put("user", "")));
    assertError(107, api("disconnect", new JsonObject().put("user", "a").put("client", 5)));
    assertError(107, api("disconnect", new JsonObject().put("user", "a").put("whitelist", "x")));
    assertError(107, api("disconnect", new JsonObject().put("user", "a")
        .put("disconnect", new JsonObject().put("code", 1000).put("reason", "normal"))));
    assertError(107, api("disconnect", new JsonObject().put("user", "a")
        .put("disconnect", new JsonObject().put("reason", "no code"))));
  }

  // ---- figures --------------------------------------------------------------------------------------------------

  @Test
  void infoCountsClientsUsersSubscriptionsAndChannels() {
    connected("alice", "news", "chat:1");
    connected("alice", "news", "chat:1");
    connected("bob", "news");
    clients.add(WsClient.open(hub.port())); // pre-connect: not a client yet
    JsonArray nodes = api("info", new JsonObject()).getJsonObject("result").getJsonArray("nodes");
    assertEquals(1, nodes.size());
    JsonObject node = nodes.getJsonObject(0);
    assertEquals(hub.node().nodeId(), node.getString("uid"));
    assertEquals("test", node.getString("name"));
    assertEquals(ServerVersion.VALUE, node.getString("version"));
    assertEquals(3, node.getInteger("num_clients"));
    assertEquals(2, node.getInteger("num_users"));
    assertEquals(5, node.getInteger("num_subs"));
    assertEquals(2, node.getInteger("num_channels"));
    assertTrue(node.getLong("uptime") >= 0);
  }

  @Test
  void channelsListsActiveChannelsWithAndWithoutPattern() {
    connected("alice", "news", "chat:1");
    connected("bob", "news", "chat:2");
    connected("carol", "news");
    JsonObject all = api("channels", new JsonObject()).getJsonObject("result").getJsonObject("channels");
    assertEquals(new JsonObject()
        .put("news", new JsonObject().put("num_clients", 3))
        .put("chat:1", new JsonObject().put("num_clients", 1))
        .put("chat:2", new JsonObject().put("num_clients", 1)), all);
    JsonObject chat = api("channels", new JsonObject().put("pattern", "chat:*")).getJsonObject("result")
        .getJsonObject("channels");
    assertEquals(Set.of("chat:1", "chat:2"), chat.fieldNames());
    JsonObject none = api("channels", new JsonObject().put("pattern", "zzz*")).getJsonObject("result")
        .getJsonObject("channels");
    assertEquals(new JsonObject(), none);
    assertError(107, api("channels", new JsonObject().put("pattern", 5)));
  }

  @Test
  void presenceApiListsMembersOfPresenceChannels() {
    WsClient a = connected("alice", "room:1");
    WsClient b = connected("bob", "room:1");
    JsonObject members = api("presence", new JsonObject().put("channel", "room:1")).getJsonObject("result")
        .getJsonObject("presence");
    assertEquals(Set.of(a.clientId(), b.clientId()), members.fieldNames());
    assertEquals(new JsonObject().put("num_clients", 2).put("num_users", 2),
        api("presence_stats", new JsonObject().put("channel", "room:1")).getJsonObject("result"));
    assertError(108, api("presence", new JsonObject().put("channel", "news")));
    assertError(102, api("presence", new JsonObject().put("channel", "nope:1")));
    assertError(107, api("presence", new JsonObject()));
  }

  // ---- batch ----------------------------------------------------------------------------------------------------

  @Test
  void batchAnswersEachCommandInOrderKeyedByMethod() {
    WsClient c = connected("alice", "news");
    JsonObject response = api("batch", new JsonObject().put("commands", new JsonArray()
        .add(new JsonObject().put("publish", new JsonObject().put("channel", "news").put("data", "first")))
        .add(new JsonObject().put("publish", new JsonObject().put("channel", "nope:x").put("data", 1)))
        .add(new JsonObject().put("unknown_method", new JsonObject()))
        .add(new JsonObject().put("batch", new JsonObject()))
        .add("not an object")
        .add(new JsonObject().put("publish", new JsonObject().put("channel", "news").put("data", 2))
            .put("broadcast", new JsonObject()))
        .add(new JsonObject().put("broadcast", new JsonObject().put("channels", new JsonArray().add("news"))
            .put("data", "second")))
        .add(new JsonObject().put("info", new JsonObject()))));
    assertFalse(response.containsKey("result"), "batch replies are not wrapped in result");
    JsonArray replies = response.getJsonArray("replies");
    assertEquals(8, replies.size(), replies::encode);
    assertEquals(new JsonObject().put("publish", new JsonObject()), replies.getJsonObject(0));
    assertError(102, replies.getJsonObject(1));
    assertError(104, replies.getJsonObject(2));
    assertError(104, replies.getJsonObject(3));
    assertError(107, replies.getJsonObject(4));
    assertError(107, replies.getJsonObject(5));
    assertEquals(1, replies.getJsonObject(6).getJsonObject("broadcast").getJsonArray("responses").size());
    assertEquals(1, replies.getJsonObject(7).getJsonObject("info").getJsonArray("nodes").size());
    assertEquals("first", c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
    assertEquals("second", c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
  }

  @Test
  void batchWithoutCommandsIs107() {
    assertError(107, api("batch", new JsonObject()));
    assertError(107, api("batch", new JsonObject().put("commands", "x")));
    assertEquals(new JsonObject().put("replies", new JsonArray()),
        api("batch", new JsonObject().put("commands", new JsonArray())));
  }

  // ---- metrics and health ---------------------------------------------------------------------------------------

  private static double metric(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertTrue(m.find(), () -> series + " not in /metrics");
    return Double.parseDouble(m.group(1));
  }

  @Test
  void metricsEndpointServesTheHubSeries() {
    double openedBefore = hub.opened();
    WsClient c = connected("alice", "news");
    HttpResponse<String> r = hub.get("/metrics");
    assertEquals(200, r.statusCode());
    String text = r.body();
    assertTrue(text.contains("# TYPE hub_sessions_live gauge"), "gauge declared");
    assertEquals(1.0, metric(text, "hub_sessions_live{transport=\"websocket\"}"));
    assertEquals(0.0, metric(text, "hub_sessions_live{transport=\"sse\"}"));
    assertEquals(0.0, metric(text, "hub_sessions_preconnect"));
    assertEquals(1.0, metric(text, "hub_subscriptions_live"));
    assertEquals(1.0, metric(text, "hub_channels_live"));
    assertEquals(openedBefore + 1, metric(text, "hub_sessions_opened_total{transport=\"websocket\"}"));
    for (String reason : List.of("client_closed", "connection_lost", "no_pong", "stale", "slow", "bad_request",
        "force_disconnect", "shutdown")) {
      assertTrue(text.contains("hub_sessions_closed_total{reason=\"" + reason + "\",transport=\"websocket\"}"), reason);
    }
    assertTrue(text.contains("hub_handshakes_rejected_total{reason=\"origin\"}"));
    c.closeCleanly();
    c.awaitClosed();
    hub.assertIdle();
    String after = hub.get("/metrics").body();
    assertEquals(0.0, metric(after, "hub_sessions_live{transport=\"websocket\"}"));
    assertTrue(metric(after, "hub_sessions_closed_total{reason=\"client_closed\",transport=\"websocket\"}") >= 1.0);
  }

  @Test
  void healthAndReadinessAnswer200() {
    assertEquals(200, hub.get("/health").statusCode());
    assertEquals(200, hub.get("/ready").statusCode());
  }
}
