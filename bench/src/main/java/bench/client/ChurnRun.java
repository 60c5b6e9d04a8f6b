package bench.client;

import io.vertx.core.json.JsonObject;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps about {@code live} sessions open for a fixed time while each one lives a random lifetime
 * and then leaves by a weighted random {@link Ending}. A slot is freed only when the socket is
 * really gone, so silent sessions count as live until the server reaps them (or we give up on
 * them after {@code silentGraceMs} and reset them ourselves, which we count as not reaped).
 */
final class ChurnRun {
  private final LoadClient client;
  private final Map<Ending, Integer> weights;
  private final Map<Ending, AtomicLong> endings = new EnumMap<>(Ending.class);
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong silentForced = new AtomicLong();
  private final AtomicLong slowNotCut = new AtomicLong();
  private final int totalWeight;
  private final long maxCycles;
  private final long slowHoldMs;

  ChurnRun(LoadClient client, Map<Ending, Integer> weights) {
    this(client, weights, Long.MAX_VALUE, 0);
  }

  /**
   * @param maxCycles  stop opening sessions after this many (the time bound still applies)
   * @param slowHoldMs how long a SLOW session stops reading before it reads again to see whether it was cut
   */
  ChurnRun(LoadClient client, Map<Ending, Integer> weights, long maxCycles, long slowHoldMs) {
    this.client = client;
    this.maxCycles = maxCycles;
    this.slowHoldMs = slowHoldMs;
    this.weights = weights;
    this.totalWeight = weights.values().stream().mapToInt(Integer::intValue).sum();
    for (Ending e : Ending.values()) endings.put(e, new AtomicLong());
  }

  JsonObject run(int live, long seconds, int minLifeMs, int maxLifeMs, long silentGraceMs,
                 int channels, String prefix, int firstIndex) throws InterruptedException {
    Semaphore slots = new Semaphore(live);
    Semaphore handshakes = new Semaphore(200);
    client.onGone(s -> slots.release());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int index = firstIndex;
    while (System.nanoTime() < end && opened.get() < maxCycles) {
      if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) continue;
      if (!handshakes.tryAcquire(1, TimeUnit.SECONDS)) {
        slots.release();
        continue;
      }
      opened.incrementAndGet();
      client.open(index, prefix + Math.floorMod(index, channels)).onComplete(r -> {
        handshakes.release();
        if (r.failed()) {
          failed.incrementAndGet();
          return;
        }
        scheduleEnding(r.result(), minLifeMs, maxLifeMs, silentGraceMs);
      });
      index++;
    }
    client.onGone(s -> {});
    return summary(index - firstIndex);
  }

  private void scheduleEnding(Session session, int minLifeMs, int maxLifeMs, long silentGraceMs) {
    long life = ThreadLocalRandom.current().nextLong(minLifeMs, maxLifeMs + 1L);
    Ending ending = pick();
    client.vertx().setTimer(life, t -> {
      if (session.socket().isClosed()) return;
      endings.get(ending).incrementAndGet();
      ending.end(session);
      if (ending == Ending.SLOW) {
        // Reading again delivers what was buffered and then the close frame, if the hub cut the session.
        client.vertx().setTimer(slowHoldMs, t2 -> session.socket().resume());
        client.vertx().setTimer(slowHoldMs + silentGraceMs, t2 -> {
          if (!session.socket().isClosed()) {
            slowNotCut.incrementAndGet();
            Ending.RST.end(session);
          }
        });
      }
      if (ending == Ending.SILENT) {
        client.vertx().setTimer(silentGraceMs, t2 -> {
          if (!session.socket().isClosed()) {
            silentForced.incrementAndGet();
            Ending.RST.end(session);
          }
        });
      }
    });
  }

  private Ending pick() {
    int roll = ThreadLocalRandom.current().nextInt(totalWeight);
    for (Map.Entry<Ending, Integer> e : weights.entrySet()) {
      roll -= e.getValue();
      if (roll < 0) return e.getKey();
    }
    return Ending.CLEAN;
  }

  private JsonObject summary(int indexesUsed) {
    JsonObject ends = new JsonObject();
    endings.forEach((k, v) -> ends.put(k.name().toLowerCase(), v.get()));
    return new JsonObject()
        .put("opened", opened.get())
        .put("failed", failed.get())
        .put("endings", ends)
        .put("silentNotReaped", silentForced.get())
        .put("slowNotCut", slowNotCut.get())
        .put("indexesUsed", indexesUsed);
  }
}
