package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server API on the event bus ({@code hub.api.<method>}, request and reply), for JVM services: the same answers
 * as over HTTP, publications that reach subscribers, and bodies that are not JSON objects.
 */
class EventBusApiIT {

  static TestHub hub;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject());
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

  private WsClient connected(String user, String channel) {
    WsClient c = WsClient.connected(hub.port(), user);
    clients.add(c);
    assertTrue(c.subscribe(channel).containsKey("subscribe"));
    return c;
  }

  private static JsonObject api(String method, JsonObject body) {
    return hub.apiResult(method, body);
  }

  private static JsonObject overEventBus(String method, Object body) {
    Message<JsonObject> reply = Await.result(hub.node().vertx().eventBus().request("hub.api." + method, body));
    return reply.body();
  }

  @Test
  void eventBusApiAnswersExactlyLikeHttp() {
    List<JsonObject> requests = List.of(
        new JsonObject().put("channel", "news").put("data", new JsonObject().put("x", 1)),
        new JsonObject().put("channel", "nope:1").put("data", 1),
        new JsonObject().put("data", 1),
        new JsonObject().put("channel", "news").put("b64data", "@@@"));
    for (JsonObject request : requests) {
      JsonObject http = api("publish", request);
      assertEquals(http, overEventBus("publish", request.copy()), request::encode);
    }
    JsonObject broadcast = new JsonObject().put("channels", new JsonArray().add("news").add("nope:1")).put("data", 1);
    assertEquals(api("broadcast", broadcast), overEventBus("broadcast", broadcast.copy()));
    JsonObject channels = new JsonObject().put("pattern", "x*");
    assertEquals(api("channels", channels), overEventBus("channels", channels.copy()));
  }

  @Test
  void eventBusPublishReachesSubscribers() {
    WsClient c = connected("alice", "news");
    assertEquals(new JsonObject().put("result", new JsonObject()),
        overEventBus("publish", new JsonObject().put("channel", "news").put("data", "via bus")));
    assertEquals("via bus", c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
  }

  @Test
  void eventBusBodyThatIsNotAnObjectIs107() {
    assertError(107, overEventBus("publish", "{\"channel\":\"news\",\"data\":1}"));
    assertError(107, overEventBus("publish", new JsonArray().add(1)));
    assertError(107, overEventBus("publish", 42));
    assertError(107, overEventBus("publish", null), "no body is an empty request: no channel");
  }

  private static void assertError(int code, JsonObject response) {
    JsonObject e = response.getJsonObject("error");
    assertTrue(e != null, () -> "expected error " + code + ": " + response.encode());
    assertEquals(code, e.getInteger("code"), response::encode);
    assertFalse(e.getString("message", "").isEmpty());
    assertFalse(response.containsKey("result"));
  }

  private static void assertError(int code, JsonObject response, String why) {
    JsonObject e = response.getJsonObject("error");
    assertTrue(e != null, () -> why + ": " + response.encode());
    assertEquals(code, e.getInteger("code"), why);
  }
}
