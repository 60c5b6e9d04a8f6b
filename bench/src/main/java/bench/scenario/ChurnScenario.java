package bench.scenario;

import bench.load.ClientFleet;
import bench.probe.ServerSample;
import bench.report.Table;
import bench.target.ServerProcess;
import bench.target.Target;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Scenario 4, churn soak: about {@code live} sessions that keep arriving and leaving (clean close,
 * FIN without a close frame, RST, or silence until the pong deadline) for a fixed time, while the
 * server is sampled every 10 s after a forced full GC. A leak shows as drift between the first and
 * the last minute and as a positive least-squares slope.
 */
public final class ChurnScenario {
  static final long SAMPLE_EVERY_SECONDS = 10;

  public record Plan(int live, long seconds, int minLifeMs, int maxLifeMs, int pingMs, int pongMs,
                     int wClean, int wFin, int wRst, int wSilent) {}

  public record Sample(double t, ServerSample s) {}

  public record Result(Target target, Plan plan, ServerSample baseline, List<Sample> samples, JsonObject churn,
                       ServerSample afterDrain, double liveAfterDrain) {}

  private ChurnScenario() {}

  public static Result measure(RunContext ctx, Target target, Plan plan) throws Exception {
    try (ServerProcess server = ctx.startServer(target, plan.pingMs(), plan.pongMs());
         ClientFleet fleet = ctx.fleet(server)) {
      Thread.sleep(2_000);
      ServerSample base = ServerSample.take(server);
      List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
      long t0 = System.nanoTime();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(() -> samples.add(new Sample((System.nanoTime() - t0) / 1e9, ServerSample.take(server))),
          SAMPLE_EVERY_SECONDS, SAMPLE_EVERY_SECONDS, TimeUnit.SECONDS);
      long graceMs = plan.pingMs() + plan.pongMs() + 10_000L;
      JsonObject churn;
      try {
        churn = fleet.churn(8, plan.live() + " " + plan.seconds() + " " + plan.minLifeMs() + " " + plan.maxLifeMs()
            + " " + graceMs + " 200 bench:churn 0 " + plan.wClean() + " " + plan.wFin() + " " + plan.wRst() + " " + plan.wSilent());
      } finally {
        sampler.shutdown();
        sampler.awaitTermination(60, TimeUnit.SECONDS);
      }
      fleet.closeAll("clean");
      double live = awaitIdle(server, plan.pingMs() + plan.pongMs() + 10_000L);
      return new Result(target, plan, base, new ArrayList<>(samples), churn, ServerSample.take(server), live);
    }
  }

  private static double awaitIdle(ServerProcess server, long maxMs) throws InterruptedException {
    if (server.target() != Target.HUB) return Double.NaN;
    long deadline = System.currentTimeMillis() + maxMs;
    double live;
    do {
      live = bench.probe.PromText.sum(ServerSample.hubMetrics(server), "hub_sessions_live");
      if (live == 0) return 0;
      Thread.sleep(500);
    } while (System.currentTimeMillis() < deadline);
    return live;
  }

  public static Table samples(Result r) {
    Table t = new Table("Churn samples (" + r.target().label() + ", every " + SAMPLE_EVERY_SECONDS + " s, after forced full GC)",
        "t s", "heap MiB", "RSS MiB", "threads", "fds", "sessions live", "preconnect", "timers live", "subscriptions", "channels");
    t.row("base", mib(r.baseline().heapAfterGc()), mib(r.baseline().rss()), r.baseline().threads(), r.baseline().fds(),
        r.baseline().sessionsLive(), r.baseline().preconnect(), r.baseline().timersLive(),
        r.baseline().subscriptionsLive(), r.baseline().channelsLive());
    for (Sample s : r.samples()) {
      ServerSample x = s.s();
      t.row(Math.round(s.t()), mib(x.heapAfterGc()), mib(x.rss()), x.threads(), x.fds(), x.sessionsLive(),
          x.preconnect(), x.timersLive(), x.subscriptionsLive(), x.channelsLive());
    }
    ServerSample a = r.afterDrain();
    t.row("drained", mib(a.heapAfterGc()), mib(a.rss()), a.threads(), a.fds(), a.sessionsLive(), a.preconnect(),
        a.timersLive(), a.subscriptionsLive(), a.channelsLive());
    return t;
  }

  public static Table drift(Result r) {
    Table t = new Table("Churn drift (" + r.target().label() + "): first minute vs last minute, least-squares slope",
        "metric", "first-minute mean", "last-minute mean", "last - first", "slope per minute", "baseline", "after drain");
    metric(t, r, "heap after GC (MiB)", s -> mib(s.heapAfterGc()));
    metric(t, r, "RSS (MiB)", s -> mib(s.rss()));
    metric(t, r, "threads", s -> s.threads());
    metric(t, r, "open fds", s -> s.fds());
    metric(t, r, "hub_sessions_live", ServerSample::sessionsLive);
    metric(t, r, "hub_timers_live", ServerSample::timersLive);
    metric(t, r, "hub_subscriptions_live", ServerSample::subscriptionsLive);
    return t;
  }

  private static void metric(Table t, Result r, String name, ToDoubleFunction<ServerSample> f) {
    List<Sample> all = r.samples();
    if (all.isEmpty()) return;
    double end = all.get(all.size() - 1).t();
    double first = mean(all, f, 0, 60);
    double last = mean(all, f, end - 60, end + 1);
    t.row(name, first, last, last - first, slope(all, f) * 60, f.applyAsDouble(r.baseline()), f.applyAsDouble(r.afterDrain()));
  }

  private static double mean(List<Sample> all, ToDoubleFunction<ServerSample> f, double from, double to) {
    return all.stream().filter(s -> s.t() >= from && s.t() < to).mapToDouble(s -> f.applyAsDouble(s.s())).average().orElse(Double.NaN);
  }

  /** Least-squares slope of the metric against time, per second. */
  static double slope(List<Sample> all, ToDoubleFunction<ServerSample> f) {
    int n = all.size();
    if (n < 2) return Double.NaN;
    double mt = all.stream().mapToDouble(Sample::t).average().orElse(0);
    double mv = all.stream().mapToDouble(s -> f.applyAsDouble(s.s())).average().orElse(0);
    double num = 0;
    double den = 0;
    for (Sample s : all) {
      num += (s.t() - mt) * (f.applyAsDouble(s.s()) - mv);
      den += (s.t() - mt) * (s.t() - mt);
    }
    return den == 0 ? Double.NaN : num / den;
  }

  private static double mib(long bytes) {
    return bytes < 0 ? Double.NaN : bytes / 1048576.0;
  }
}
