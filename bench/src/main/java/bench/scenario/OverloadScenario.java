package bench.scenario;

import bench.load.ClientFleet;
import bench.load.OverloadPublisher;
import bench.probe.JvmHeap;
import bench.probe.ProcStat;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.ServerProcess;
import bench.target.Target;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 10 item 10, validated: the back-pressure defaults under real overload. {@code subs} subscribers on
 * {@code channels} channels, then HTTP publish and broadcast calls at rising fixed rates well past what the node
 * fans out, on the hub's default limits. Each step records what the hub accepted and refused, the event-loop
 * pending gauge (its highest reading, polled every 250 ms), the event-loop lag gauge (p50, p90 and max of the same
 * polls), delivery latency of what was accepted (from the time each call was due), slow-consumer
 * cuts, RSS and heap after a full GC; at the end every subscriber leaves and the node must be idle again.
 */
final class OverloadScenario {

  private OverloadScenario() {}

  record Step(double callsPerSec, OverloadPublisher.Outcome out, double refusedRate, double refusedPending,
              double refusedLag, long pendingMax, long lagP50Ms, long lagP90Ms, long lagMaxMs, long delivered,
              long expected, double p50Ms,
              double p99Ms, double maxMs,
              Map<String, Long> closes, int live, long rss, long heapAfterGc) {}

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = ProcStat.loadAverages();
    int subs = args.integer("subs", 2_000);
    int channels = args.integer("channels", 20);
    List<Integer> rates = args.ints("rates", "100,300,1000,2000,3500,5000");
    double stepSeconds = args.dbl("step-seconds", 12);
    int broadcastEvery = args.integer("broadcast-every", 10);
    int broadcastWidth = args.integer("broadcast-width", 5);
    int perChannel = subs / channels;
    // --variant NAME:limits.maxEventLoopLagMs=0 runs the hub with changed config (e.g. lag shedding off).
    bench.target.HubVariant variant = args.has("variant")
        ? bench.target.HubVariant.parseAll(args.str("variant", "")).get(0) : bench.target.HubVariant.NONE;
    List<Step> steps = new ArrayList<>();
    ServerSample idle;
    ctx.awaitQuietMachine("overload");
    try (ServerProcess server = ctx.startServer(Target.HUB, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS,
        variant);
         ClientFleet fleet = ctx.fleet(server);
         OverloadPublisher publisher = new OverloadPublisher(ctx.vertx(), server.port(), broadcastEvery,
             broadcastWidth)) {
      ClientFleet.ConnectResult c = fleet.connect(subs, channels, FanoutScenario.CHANNEL_PREFIX);
      if (c.failed() > 0) System.err.println("overload: " + c.failed() + " subscribers failed " + c.errors());
      // Warm-up, not recorded: JIT and the GC of the connect burst behind us before the first step.
      publisher.run(50, 8, seq -> FanoutScenario.CHANNEL_PREFIX + Math.floorMod(seq, channels));
      Thread.sleep(2_000);
      for (int rate : rates) {
        steps.add(step(server, fleet, publisher, rate, stepSeconds, channels, perChannel));
        Step s = steps.get(steps.size() - 1);
        System.err.printf("overload %d calls/s: accepted %d refused %d pendingMax %d lagMax %d ms p99 %.1f ms live %d%n",
            rate, s.out().accepted(), s.out().refused(), s.pendingMax(), s.lagMaxMs(), s.p99Ms(), s.live());
        if (!server.isAlive()) break;
      }
      fleet.closeAll("clean");
      Thread.sleep(5_000);
      idle = ServerSample.take(server);
      Map<String, Double> m = ServerSample.hubMetrics(server);
      String name = variant.name().isEmpty() ? "overload-hub" : "overload-hub-" + variant.name();
      Report r = new Report(name, command, load).add(table(steps, subs, channels));
      r.note("plan: " + subs + " subscribers on " + channels + " channels (" + perChannel + " each), " + stepSeconds
          + " s per step, one call in " + broadcastEvery + " a broadcast to " + broadcastWidth
          + " channels, the caller with " + 32 + " connections and a queue of 2,000 calls (more fail at once: not sent),"
          + " hub on its default limits (publicationsPerSecond, maxPendingTasks, maxEventLoopLagMs,"
          + " maxBroadcastChannels)"
          + (variant.config().isEmpty() ? "" : " but " + variant.config().encode())
          + "; delivery latency from the time each call was due at the fixed rate; caller wait: from that time to"
          + " the moment the call had a connection and was written (the caller's own queue, not the hub)");
      r.note("after every subscriber left: sessions live " + idle.sessionsLive() + ", subscriptions "
          + idle.subscriptionsLive() + ", timers " + idle.timersLive() + ", hub_eventloop_pending "
          + PromText.sum(m, "hub_eventloop_pending") + ", hub_http_pending " + PromText.sum(m, "hub_http_pending")
          + ", heap after GC " + Fmt.num(Fmt.mib(idle.heapAfterGc())) + " MiB, RSS " + Fmt.num(Fmt.mib(idle.rss()))
          + " MiB, threads " + idle.threads() + ", fds " + idle.fds());
      r.note("subscribers connected: " + c.ok() + " of " + subs);
      return r;
    }
  }

  private static Step step(ServerProcess server, ClientFleet fleet, OverloadPublisher publisher, double rate,
                           double seconds, int channels, int perChannel) throws Exception {
    fleet.reset();
    Map<String, Double> m0 = ServerSample.hubMetrics(server);
    AtomicLong pendingMax = new AtomicLong();
    List<Long> lagMs = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Map<String, Double> now = ServerSample.hubMetrics(server);
        double p = PromText.sum(now, "hub_eventloop_pending");
        if (!Double.isNaN(p)) pendingMax.accumulateAndGet((long) p, Math::max);
        double lag = maxOf(now, "hub_eventloop_lag_seconds");
        if (!Double.isNaN(lag)) lagMs.add(Math.round(lag * 1000));
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "pending-sampler");
    sampler.setDaemon(true);
    sampler.start();
    OverloadPublisher.Outcome out = publisher.run(rate, seconds,
        seq -> FanoutScenario.CHANNEL_PREFIX + Math.floorMod(seq * 7919, channels));
    Thread.sleep(2_000); // the last accepted publications arrive
    sampler.interrupt();
    sampler.join();
    Map<String, Double> m1 = ServerSample.hubMetrics(server);
    ClientFleet.Deliveries d = fleet.deliveries();
    Histogram h = d.latencyMicros();
    boolean any = h.getTotalCount() > 0;
    return new Step(rate, out,
        delta(m0, m1, "hub_publications_refused_total{reason=\"rate\"}"),
        delta(m0, m1, "hub_publications_refused_total{reason=\"pending\"}"),
        delta(m0, m1, "hub_publications_refused_total{reason=\"lag\"}"),
        pendingMax.get(), percentile(lagMs, 50), percentile(lagMs, 90), percentile(lagMs, 100), d.delivered(),
        out.accepted() * perChannel,
        any ? Fmt.ms(h.getValueAtPercentile(50)) : Double.NaN, any ? Fmt.ms(h.getValueAtPercentile(99)) : Double.NaN,
        any ? Fmt.ms(h.getMaxValue()) : Double.NaN, d.closes(), d.live(), ProcStat.rssBytes(server.pid()),
        JvmHeap.usedAfterFullGc(server.pid()));
  }

  /** The {@code p}th percentile (nearest rank) of the sampler's readings; -1 when there are none. */
  private static long percentile(List<Long> values, int p) {
    List<Long> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    if (sorted.isEmpty()) return -1;
    java.util.Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /** The largest of the series named {@code name} (any labels), NaN when there is none. */
  private static double maxOf(Map<String, Double> metrics, String name) {
    double max = Double.NaN;
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (e.getKey().equals(name) || e.getKey().startsWith(name + "{")) {
        max = Double.isNaN(max) ? e.getValue() : Math.max(max, e.getValue());
      }
    }
    return max;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
    return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
  }

  static Table table(List<Step> steps, int subs, int channels) {
    Table t = new Table("Overload steps (" + subs + " subscribers, " + channels + " channels, HTTP publish and "
        + "broadcast at a fixed call rate per step)", "calls/s", "calls", "accepted", "refused (111/429)",
        "other errors", "unanswered", "not sent (caller queue full)", "HTTP statuses", "hub refused rate", "hub refused pending",
        "hub refused lag", "eventloop pending max", "eventloop lag p50 ms", "eventloop lag p90 ms",
        "eventloop lag max ms", "delivered", "expected", "p50 ms", "p99 ms", "max ms", "client closes", "live",
        "RSS MiB", "heap after GC MiB", "API p99 ms", "caller wait p50 ms", "caller wait p99 ms");
    for (Step s : steps) {
      OverloadPublisher.Outcome o = s.out();
      t.row(s.callsPerSec(), o.calls(), o.accepted(), o.refused(), o.otherErrors(), o.unanswered(), o.notSent(),
          o.statuses().toString().replace(",", ";"), s.refusedRate(), s.refusedPending(), s.refusedLag(),
          s.pendingMax(), s.lagP50Ms(), s.lagP90Ms(), s.lagMaxMs(),
          s.delivered(), s.expected(), s.p50Ms(), s.p99Ms(), s.maxMs(), s.closes().toString().replace(",", ";"),
          s.live(), Fmt.mib(s.rss()), Fmt.mib(s.heapAfterGc()),
          o.apiMicros().getTotalCount() > 0 ? Fmt.ms(o.apiMicros().getValueAtPercentile(99)) : Double.NaN,
          o.callerWaitMicros().getTotalCount() > 0 ? Fmt.ms(o.callerWaitMicros().getValueAtPercentile(50))
              : Double.NaN,
          o.callerWaitMicros().getTotalCount() > 0 ? Fmt.ms(o.callerWaitMicros().getValueAtPercentile(99))
              : Double.NaN);
    }
    return t;
  }
}
