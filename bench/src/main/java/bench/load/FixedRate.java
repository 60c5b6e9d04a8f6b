package bench.load;

import io.vertx.core.Vertx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The fixed-rate ticker of the publishers: a Vert.x timer every {@link #TICK_MS} sends whatever calls the elapsed
 * time makes due, so the rate holds however long one tick takes, and nothing is sent after the run's end.
 */
final class FixedRate {

  static final int TICK_MS = 2;

  private FixedRate() {
  }

  /**
   * Calls {@code send} with the sequence numbers 1, 2, ... at {@code rate} per second for {@code seconds}, on the
   * timer's event loop; returns, with the number sent, once the last one is (or fails if the ticker stalled).
   */
  static long run(Vertx vertx, double rate, double seconds, LongConsumer send) {
    AtomicLong sent = new AtomicLong();
    CompletableFuture<Void> sending = new CompletableFuture<>();
    long start = System.nanoTime();
    long durationNanos = (long) (seconds * 1e9);
    long timer = vertx.setPeriodic(TICK_MS, id -> {
      long elapsed = Math.min(System.nanoTime() - start, durationNanos);
      long due = (long) (rate * elapsed / 1e9) - sent.get();
      for (long i = 0; i < due; i++) {
        send.accept(sent.incrementAndGet());
      }
      if (elapsed >= durationNanos) {
        sending.complete(null);
      }
    });
    try {
      sending.get((long) seconds + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("publisher stalled", e);
    } finally {
      vertx.cancelTimer(timer);
    }
    return sent.get();
  }
}
