package hub.api;

import hub.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API deadline: a call that never completes fails with {@link ApiDeadline.Expired} once, counted once, and its
 * late completion changes nothing; a call that completes first wins and is not counted; results arrive on the
 * caller's context even when the call completes on another thread. No timing is asserted, only outcomes.
 */
class ApiDeadlineTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<String> expired = new CopyOnWriteArrayList<>();
  private final ApiDeadline deadline = new ApiDeadline(vertx, 200, expired::add);

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  /** Runs {@code call} through the deadline on an event-loop context; completes with the bounded outcome. */
  private CompletableFuture<Object> bounded(Future<JsonObject> call, List<Boolean> onContext) {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    var context = vertx.getOrCreateContext();
    context.runOnContext(v -> deadline.bound("presence", call).onComplete(ar -> {
      onContext.add(Vertx.currentContext() == context);
      outcome.complete(ar.succeeded() ? ar.result() : ar.cause());
    }));
    return outcome;
  }

  @Test
  void aCallThatNeverCompletesExpiresOnceAndItsLateCompletionIsDropped() throws Exception {
    Promise<JsonObject> never = Promise.promise();
    List<Boolean> onContext = new CopyOnWriteArrayList<>();
    Object outcome = bounded(never.future(), onContext).get(10, TimeUnit.SECONDS);
    assertInstanceOf(ApiDeadline.Expired.class, outcome);
    assertEquals(List.of("presence"), expired);
    never.complete(new JsonObject().put("late", true)); // from this thread, after the answer: ignored
    Await.equal("outcomes delivered", 1, onContext::size);
    assertEquals(List.of(true), onContext);
    assertEquals(List.of("presence"), expired);
  }

  @Test
  void aCallThatCompletesFirstWinsOnTheCallersContextAndIsNotCounted() throws Exception {
    Promise<JsonObject> later = Promise.promise();
    List<Boolean> onContext = new CopyOnWriteArrayList<>();
    CompletableFuture<Object> outcome = bounded(later.future(), onContext);
    JsonObject answer = new JsonObject().put("presence", new JsonObject());
    new Thread(() -> later.complete(answer)).start(); // as a store's thread would
    assertSame(answer, outcome.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(true), onContext);
    assertTrue(expired.isEmpty(), "counted although it completed: " + expired);
  }

  @Test
  void aCallCompleteAtOnceIsReturnedAsItIs() {
    Future<JsonObject> done = Future.succeededFuture(new JsonObject());
    assertSame(done, deadline.bound("publish", done));
    assertTrue(expired.isEmpty());
  }
}
