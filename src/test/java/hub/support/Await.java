package hub.support;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting on conditions with deadlines instead of sleeping for fixed times; failures say what was awaited.
 */
public final class Await {

  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition);
  }

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
      }
      sleep(10);
    }
  }

  /** Waits until {@code value} equals {@code expected}; the failure shows the last value seen. */
  public static <T> void equal(String what, T expected, Supplier<T> value) {
    long deadline = System.nanoTime() + DEFAULT.toNanos();
    T last = value.get();
    while (!expected.equals(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": expected " + expected + " but was " + last + " after " + DEFAULT.toMillis() + " ms");
      }
      sleep(10);
      last = value.get();
    }
  }

  public static <T> T result(CompletionStage<T> stage) {
    return result(stage, DEFAULT);
  }

  public static <T> T result(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("not completed: " + e, e);
    }
  }

  public static <T> T result(io.vertx.core.Future<T> future) {
    return result(future.toCompletionStage());
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
