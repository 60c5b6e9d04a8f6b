package hub.it;

import hub.metrics.HubMetrics;
import hub.support.Await;
import hub.support.HttpFuzzCases;
import hub.support.RawHttp;
import hub.support.TestHub;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP side under hostile input, seeded and bounded ({@link HttpFuzzCases}): oversized request lines and headers,
 * bodies that never end, garbage and random bytes, trickled heads, half and broken upgrades, mutated requests, from
 * several loopback addresses at once. Every connection must be ended by the hub (after a status, or without one)
 * within a deadline, and afterwards the hub holds nothing: no pending connection, no session, no slot. Replay a
 * failure with {@code -Dfuzz.seed=N}; {@code -Dfuzz.cases=N} runs more.
 */
class HttpFuzzIT {

  private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 14 * 20);
  private static final int IN_FLIGHT = 28;
  private static final int ADDRESSES = 4;
  private static final long TIMEOUT_MS = 1000;
  /** A timeout, a sweep, the pre-connect deadline (2 s) and the closing grace (3 s) of an upgraded case, times 2. */
  private static final Duration ENDS_WITHIN = Duration.ofSeconds(20);

  private record Outcome(HttpFuzzCases.Case fuzz, boolean ended, int status) {
  }

  @Test
  void everyHostileConnectionEndsAndNothingIsLeftBehind() throws Exception {
    try (TestHub hub = TestHub.start(new JsonObject().put("http", new JsonObject()
        .put("headerTimeoutMs", TIMEOUT_MS).put("bodyTimeoutMs", TIMEOUT_MS).put("idleTimeoutMs", TIMEOUT_MS)))) {
      double pendingBefore = pending(hub);
      List<HttpFuzzCases.Case> cases = new HttpFuzzCases(SEED, TestHub.API_KEY,
          hub.node().config().http().maxBodyBytes()).cases(CASES, ADDRESSES);
      List<Outcome> outcomes = run(hub.port(), cases);

      Map<String, Map<String, Integer>> byKind = new TreeMap<>();
      List<String> stuck = new ArrayList<>();
      for (Outcome o : outcomes) {
        byKind.computeIfAbsent(o.fuzz.kind(), k -> new TreeMap<>())
            .merge(o.ended ? (o.status > 0 ? String.valueOf(o.status) : "closed") : "OPEN", 1, Integer::sum);
        if (!o.ended) {
          stuck.add("#" + o.fuzz.index() + " " + o.fuzz.kind() + " (" + o.fuzz.bytes() + " bytes)");
        }
      }
      System.out.println("HTTP fuzz, seed " + SEED + ", " + cases.size() + " connections: " + byKind);
      assertTrue(stuck.isEmpty(), "seed " + SEED + ": still open after " + ENDS_WITHIN + ": " + stuck);

      Await.equal("hub.http.pending after the fuzz", pendingBefore, () -> pending(hub));
      hub.assertIdle();
      // Nothing a client sent named a series: the cut counter keeps its closed set of reasons.
      assertEquals(HubMetrics.HTTP_CUT_REASONS.size(), hub.scrape().count("hub_http_cut_total"));
    }
  }

  private static double pending(TestHub hub) {
    return hub.node().registry().get("hub.http.pending").gauge().value();
  }

  private static List<Outcome> run(int port, List<HttpFuzzCases.Case> cases) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (HttpFuzzCases.Case c : cases) {
        futures.add(pool.submit(() -> play(port, c, watchdog)));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        out.add(f.get(ENDS_WITHIN.toMillis() * 4, TimeUnit.MILLISECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
      watchdog.shutdownNow();
    }
  }

  /** Writes the case, then waits for the hub to end the connection; a write the hub never takes is cut by us. */
  private static Outcome play(int port, HttpFuzzCases.Case c, ScheduledExecutorService watchdog) {
    long start = System.nanoTime();
    AtomicBoolean forced = new AtomicBoolean();
    try (RawHttp conn = RawHttp.open(c.localAddress(), port)) {
      var guard = watchdog.schedule(() -> {
        forced.set(true);
        conn.close();
      }, ENDS_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      for (byte[] chunk : c.chunks()) {
        if (!conn.write(chunk)) {
          break; // the hub already closed: that is an answer
        }
        if (c.pauseMs() > 0 && conn.awaitEnd(Duration.ofMillis(c.pauseMs()))) {
          break;
        }
      }
      long left = ENDS_WITHIN.toMillis() - (System.nanoTime() - start) / 1_000_000;
      boolean ended = conn.awaitEnd(Duration.ofMillis(Math.max(1, left)));
      guard.cancel(false);
      return new Outcome(c, ended && !forced.get(), conn.status());
    }
  }
}
