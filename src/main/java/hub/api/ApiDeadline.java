package hub.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * The deadline on the hub's own handling of one server API call ({@code api.requestTimeoutMs}): a call that has not
 * completed by then fails with {@link Expired}, and its completion, whenever it comes, is dropped. Each store call
 * has its own deadline already; this one bounds the whole call (a presence query, a batch, a cluster-wide
 * {@code info}) so that a caller never waits on a backend that does not answer. One Vert.x timer per call in
 * flight, cancelled when the call completes; it fires on the caller's context, and the bounded future completes on
 * that context too, so an HTTP response is written from the loop that owns its connection. Thread-safe.
 */
public final class ApiDeadline {

  /** The call did not complete within the deadline. Its work may still happen (a publication may be delivered). */
  public static final class Expired extends RuntimeException {
    Expired(long ms) {
      super("not completed within " + ms + " ms", null, false, false);
    }
  }

  private final Vertx vertx;
  private final long timeoutMs;
  private final Consumer<String> expired;

  /** @param expired told the method of each call that expired (a name from the fixed method set) */
  public ApiDeadline(Vertx vertx, long timeoutMs, Consumer<String> expired) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.expired = expired;
  }

  public long timeoutMs() {
    return timeoutMs;
  }

  /** {@code call}, or {@link Expired} once {@code timeoutMs} have passed without it completing. */
  Future<JsonObject> bound(String method, Future<JsonObject> call) {
    if (call.isComplete()) {
      return call; // most calls (publish into memory, refusals) complete before they return: no timer for them
    }
    Context context = vertx.getOrCreateContext();
    Promise<JsonObject> bounded = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, id -> {
      // Counted before the failure is delivered: its listeners answer the caller at once, and a caller that reads
      // the count on seeing the answer must find it. Timer and settle run on one context, so nothing races here.
      if (!bounded.future().isComplete()) {
        expired.accept(method);
        bounded.fail(new Expired(timeoutMs));
      }
    });
    call.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        settle(bounded, timer, ar.succeeded() ? ar.result() : null, ar.cause());
      } else {
        context.runOnContext(v -> settle(bounded, timer, ar.succeeded() ? ar.result() : null, ar.cause()));
      }
    });
    return bounded.future();
  }

  /** On the caller's context: the first of the call and the timer wins; the other is a no-op. */
  private void settle(Promise<JsonObject> bounded, long timer, JsonObject result, Throwable cause) {
    vertx.cancelTimer(timer);
    if (cause == null) {
      bounded.tryComplete(result);
    } else {
      bounded.tryFail(cause);
    }
  }
}
