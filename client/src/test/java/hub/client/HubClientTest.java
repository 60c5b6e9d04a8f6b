package hub.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The client against a stand-in hub on a local event bus: the address it asks, the body it sends, and how a
 * refusal and a bus failure reach the caller.
 */
class HubClientTest {

  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void publishAsksTheMethodsAddressAndReadsThePosition() throws Exception {
    JsonObject[] seen = new JsonObject[1];
    await(vertx.eventBus().<JsonObject>consumer("hub.api.publish", msg -> {
      seen[0] = msg.body();
      msg.reply(new JsonObject().put("result", new JsonObject().put("offset", 3).put("epoch", "e")));
    }).completion());
    PublishResult r = await(HubClient.create(vertx).publish("news", new JsonObject().put("a", 1)));
    assertEquals(new StreamPosition(3, "e"), r.position());
    assertEquals(new JsonObject().put("channel", "news").put("data", new JsonObject().put("a", 1)), seen[0]);
  }

  @Test
  void aRefusalFailsTheFutureWithTheHubsCode() throws Exception {
    await(vertx.eventBus().consumer("app.api.presence", msg -> msg.reply(
        new JsonObject().put("error", new JsonObject().put("code", 108).put("message", "not available")))).completion());
    HubClient client = HubClient.create(vertx, HubClientOptions.defaults().withAddressPrefix("app.api."));
    HubException e = assertInstanceOf(HubException.class, failure(client.presence("news")));
    assertEquals(108, e.code());
  }

  @Test
  void aSilentHubIsAReplyTimeoutAfterTheConfiguredTime() throws Exception {
    await(vertx.eventBus().consumer("hub.api.info", msg -> { }).completion());
    HubClient client = HubClient.create(vertx, HubClientOptions.defaults().withRequestTimeout(Duration.ofMillis(100)));
    ReplyException e = assertInstanceOf(ReplyException.class, failure(client.info()));
    assertEquals(ReplyFailure.TIMEOUT, e.failureType());
  }

  @Test
  void noHubListeningIsNoHandlers() throws Exception {
    ReplyException e = assertInstanceOf(ReplyException.class, failure(HubClient.create(vertx).historyRemove("h:1")));
    assertEquals(ReplyFailure.NO_HANDLERS, e.failureType());
  }

  @Test
  void aTimeoutOfZeroIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HubClientOptions.defaults().withRequestTimeout(Duration.ZERO));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Throwable failure(Future<?> f) {
    return assertThrows(ExecutionException.class, () -> await(f)).getCause();
  }
}
