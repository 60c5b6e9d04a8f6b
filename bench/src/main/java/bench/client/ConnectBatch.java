package bench.client;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a batch of sessions with a bounded number of handshakes in flight, so the connect rate
 * we report is the server's, not a SYN flood's. Runs on the command thread and blocks it.
 */
final class ConnectBatch {
  private final LoadClient client;
  private final int maxInFlight;

  ConnectBatch(LoadClient client, int maxInFlight) {
    this.client = client;
    this.maxInFlight = maxInFlight;
  }

  /** Sessions {@code first .. first+count-1}; session i subscribes to {@code prefix + (i % channels)}. */
  JsonObject run(int count, int first, int channels, String prefix) throws InterruptedException {
    Semaphore slots = new Semaphore(maxInFlight);
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger ok = new AtomicInteger();
    Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    client.stats().takeConnects(); // start a fresh connect-latency interval
    long t0 = System.nanoTime();
    for (int i = first; i < first + count; i++) {
      slots.acquire();
      client.open(i, prefix + Math.floorMod(i, channels)).onComplete(r -> {
        if (r.succeeded()) {
          ok.incrementAndGet();
        } else {
          errors.computeIfAbsent(String.valueOf(r.cause().getMessage()), k -> new AtomicInteger()).incrementAndGet();
        }
        slots.release();
        done.countDown();
      });
    }
    done.await(LoadClient.HANDSHAKE_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    long micros = (System.nanoTime() - t0) / 1_000;
    JsonObject errs = new JsonObject();
    errors.forEach((k, v) -> errs.put(k, v.get()));
    return new JsonObject()
        .put("ok", ok.get())
        .put("failed", count - ok.get())
        .put("micros", micros)
        .put("connectHist", client.stats().takeConnects())
        .put("errors", errs);
  }
}
