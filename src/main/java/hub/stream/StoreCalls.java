package hub.stream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every stream-store call goes through here: bounded by {@code history.storeTimeoutMs}, timed per operation, and
 * completed on the context that made the call (a store may answer on its own threads; sessions and shards must only
 * ever be touched from their event loop). Thread-safe.
 */
public final class StoreCalls {

  /** Where the time of each call goes: {@code hub.store.latency{operation}}. */
  public interface Latency {
    void record(String operation, long nanos, boolean failed);
  }

  private final long timeoutMs;
  private final Latency latency;

  public StoreCalls(long timeoutMs, Latency latency) {
    this.timeoutMs = timeoutMs;
    this.latency = latency;
  }

  public <T> Future<T> time(String operation, Supplier<Future<T>> call) {
    Context caller = Vertx.currentContext();
    long start = System.nanoTime();
    Future<T> pending;
    try {
      pending = call.get();
    } catch (RuntimeException e) {
      pending = Future.failedFuture(e); // a store must not throw, but one that does must not break the caller
    }
    Future<T> bounded = pending.isComplete() ? pending : pending.timeout(timeoutMs, TimeUnit.MILLISECONDS);
    Promise<T> done = Promise.promise();
    bounded.onComplete(ar -> {
      latency.record(operation, System.nanoTime() - start, ar.failed());
      if (caller == null || caller == Vertx.currentContext()) {
        done.handle(ar);
      } else {
        caller.runOnContext(v -> done.handle(ar));
      }
    });
    return done.future();
  }
}
