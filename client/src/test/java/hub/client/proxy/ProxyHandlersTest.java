package hub.client.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handlers on a local event bus, asked the way the hub asks (a request with the kind header): exactly one reply
 * per request, and every failure of a callback mapped.
 */
class ProxyHandlersTest {

  static final String ADDRESS = "app.hub.proxy";

  final Vertx vertx = Vertx.vertx();
  final List<Throwable> reported = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private void register(ProxyHandlers handlers) throws Exception {
    await(handlers.exceptionHandler(reported::add).register(vertx.eventBus(), ADDRESS));
  }

  private JsonObject ask(String kind, JsonObject body) throws Exception {
    DeliveryOptions o = new DeliveryOptions().addHeader(ProxyKind.HEADER, kind).addHeader("Cookie", "s=1");
    Message<JsonObject> reply = await(vertx.eventBus().request(ADDRESS, body, o));
    return reply.body();
  }

  static JsonObject body() {
    return ProxyCodecTest.base().put("user", "42");
  }

  @Test
  void oneConsumerServesEachKindWithItsOwnCallback() throws Exception {
    register(ProxyHandlers.create()
        .onRpc(r -> Future.succeededFuture(new ProxyResult.Rpc(new JsonObject().put("echo", r.data())
            .put("cookie", r.context().header("cookie")))))
        .onSubscribe(r -> Future.succeededFuture(ProxyResult.Subscribe.allow().withData(r.channel()))));
    assertEquals(new JsonObject().put("result", new JsonObject().put("data", new JsonObject().put("echo", 5)
        .put("cookie", "s=1"))), ask("rpc", body().put("method", "m").put("data", 5)));
    assertEquals(new JsonObject().put("result", new JsonObject().put("data", "px:1")),
        ask("subscribe", body().put("channel", "px:1")));
  }

  @Test
  void aRefusalAndADisconnectAreAnsweredAsSuchAndNotReportedAsFaults() throws Exception {
    register(ProxyHandlers.create()
        .onSubscribe(r -> Future.failedFuture(new ProxyError(1403, "not yours")))
        .onPublish(r -> Future.failedFuture(new ProxyDisconnect(4501, "banned"))));
    assertEquals(1403, ask("subscribe", body().put("channel", "px:1")).getJsonObject("error").getInteger("code"));
    assertEquals(4501, ask("publish", body().put("channel", "px:1").put("data", 1))
        .getJsonObject("disconnect").getInteger("code"));
    assertTrue(reported.isEmpty(), reported.toString());
  }

  @Test
  void aCallbackThatThrowsFailsOrReturnsNullIsATemporaryErrorAndIsReported() throws Exception {
    register(ProxyHandlers.create()
        .onRpc(r -> {
          throw new IllegalStateException("bug");
        })
        .onConnect(r -> Future.failedFuture(new RuntimeException("database down")))
        .onRefresh(r -> null));
    for (String kind : List.of("rpc", "connect", "refresh")) {
      JsonObject error = ask(kind, body()).getJsonObject("error");
      assertEquals(100, error.getInteger("code"), kind);
      assertEquals(true, error.getBoolean("temporary"), kind);
    }
    assertEquals(3, reported.size(), reported.toString());
  }

  @Test
  void aKindWithoutCallbackOrAnUnknownKindIsATemporaryError() throws Exception {
    register(ProxyHandlers.create().onRpc(r -> Future.succeededFuture(new ProxyResult.Rpc(null))));
    assertEquals(100, ask("sub_refresh", body().put("channel", "c")).getJsonObject("error").getInteger("code"));
    assertEquals(100, ask("something_new", body()).getJsonObject("error").getInteger("code"));
    assertEquals(100, ask("rpc", new JsonObject()).getJsonObject("error").getInteger("code"), "no client id");
  }

  @Test
  void aSendReachesItsHandlerAndIsNeverAnswered() throws Exception {
    BlockingQueue<ProxyRequest.Send> sends = new LinkedBlockingQueue<>();
    register(ProxyHandlers.create().onSend(sends::add));
    // Asked with a reply address (the hub sends one way), so that an answer would show as a reply, not a timeout.
    Future<Message<Object>> reply = vertx.eventBus().request(ADDRESS, body().put("data", "ping"),
        new DeliveryOptions().addHeader(ProxyKind.HEADER, "send").setSendTimeout(300));
    ProxyRequest.Send send = sends.poll(10, TimeUnit.SECONDS);
    assertEquals("ping", send.data());
    assertEquals("42", send.context().user());
    ReplyException e = assertInstanceOf(ReplyException.class,
        assertThrows(ExecutionException.class, () -> await(reply)).getCause());
    assertEquals(ReplyFailure.TIMEOUT, e.failureType());
  }

  @Test
  void unregisteringStopsServing() throws Exception {
    MessageConsumer<Object> consumer = await(ProxyHandlers.create()
        .onRpc(r -> Future.succeededFuture(new ProxyResult.Rpc(1))).register(vertx.eventBus(), ADDRESS));
    await(consumer.unregister());
    ReplyException e = assertInstanceOf(ReplyException.class,
        assertThrows(ExecutionException.class, () -> ask("rpc", body())).getCause());
    assertEquals(ReplyFailure.NO_HANDLERS, e.failureType());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
