package hub.it;

import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames the hub builds itself (one shared buffer per publication, header written by the hub) arrive intact over a
 * real socket, in every length class of the WebSocket framing, to subscribers on both shards.
 */
class FramingIT {

  static TestHub hub;

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("client", new JsonObject().put("maxMessageBytes", 1 << 20)));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 90, 130, 65_000, 70_000, 400_000})
  void everySubscriberReceivesThePublicationByteForByte(int textLength) {
    String text = "ü".repeat(textLength / 2) + "x".repeat(textLength % 2);
    List<WsClient> subscribers = new ArrayList<>();
    // Enough sockets that both shards (event loops) hold subscribers.
    for (int i = 0; i < 4; i++) {
      WsClient c = WsClient.connected(hub.port(), "u" + i);
      c.subscribe("framing");
      subscribers.add(c);
    }
    JsonObject data = new JsonObject().put("text", text);
    JsonObject reply = hub.apiResult("publish", new JsonObject().put("channel", "framing").put("data", data));
    assertEquals(new JsonObject().put("result", new JsonObject()), reply);
    for (WsClient c : subscribers) {
      JsonObject push = c.push().getJsonObject("push");
      assertEquals("framing", push.getString("channel"));
      assertEquals(data, push.getJsonObject("pub").getJsonObject("data"));
    }
    subscribers.forEach(WsClient::closeCleanly);
    hub.assertIdle();
  }
}
