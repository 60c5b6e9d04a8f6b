package hub.transport;

import hub.support.Await;
import hub.support.StreamClient;
import hub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP-streaming and SSE sessions on the public Vert.x API only, as they run where the internal connection type
 * {@link StreamTransport} reaches for has moved (issue 10 item 13): connect, subscribe, a publication, a server
 * disconnect that ends the stream, and nothing held afterwards.
 */
class StreamFallbackIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void restore() {
    StreamTransport.internalsUsable = true;
    Await.result(vertx.close());
  }

  @ParameterizedTest
  @ValueSource(strings = {StreamClient.HTTP_STREAM, StreamClient.SSE})
  void aStreamWorksWithoutTheInternalChannel(String transport) {
    StreamTransport.internalsUsable = false;
    try (TestHub hub = TestHub.start()) {
      try (StreamClient c = StreamClient.connected(vertx, hub.port(), transport, "bob")) {
        assertEquals(204, c.emulate(new JsonObject().put("id", 2)
            .put("subscribe", new JsonObject().put("channel", "chat:room")).encode()));
        assertTrue(c.reply(2).containsKey("subscribe"));
        hub.apiResult("publish", new JsonObject().put("channel", "chat:room").put("data", new JsonObject().put("n", 1)));
        assertEquals(1, c.push("pub").getJsonObject("pub").getJsonObject("data").getInteger("n"));
        hub.apiResult("disconnect", new JsonObject().put("user", "bob"));
        assertEquals(3503, c.push("disconnect").getJsonObject("disconnect").getInteger("code"));
        c.awaitEnd();
      }
      hub.assertIdle();
    }
  }
}
