package bench.scenario;

import bench.load.ClientFleet;
import bench.load.Publisher;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.ServerProcess;
import bench.target.Target;
import org.HdrHistogram.Histogram;

/**
 * The CI smoke run: against the hub only, a few hundred connections for a few seconds through
 * capacity and fan-out, with sanity checks (everyone connected and counted, every publication
 * delivered, sessions back to zero once the clients leave). Checks counts, never timings.
 */
final class SmokeScenario {
  private SmokeScenario() {}

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    int conns = args.integer("conns", 300);
    double rate = args.dbl("rate", 20);
    double seconds = args.dbl("seconds", 3);
    Report report = new Report("smoke", command, bench.probe.ProcStat.loadAverages());
    Table t = new Table("Smoke (hub only)", "check", "expected", "observed", "ok");
    try (ServerProcess hub = ctx.startServer(Target.HUB, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(hub);
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, hub.port())) {
      ServerSample base = ServerSample.take(hub);
      ClientFleet.ConnectResult c = fleet.connect(conns, 1, "bench:smoke");
      check(t, report, "connected and subscribed", conns, c.ok(), c.ok() == conns);
      if (c.failed() > 0) report.note("connect errors: " + c.errors());
      t.row("connect rate /s", "", Fmt.num(c.rate()), "info");
      t.row("connect p99 ms", "", Fmt.num(Fmt.ms(c.connectMicros().getValueAtPercentile(99))), "info");
      ServerSample loaded = ServerSample.take(hub);
      check(t, report, "hub_sessions_live", conns, (long) loaded.sessionsLive(), loaded.sessionsLive() == conns);
      check(t, report, "hub_subscriptions_live", conns, (long) loaded.subscriptionsLive(), loaded.subscriptionsLive() == conns);
      t.row("heap after GC B/conn", "", Fmt.num((loaded.heapAfterGc() - base.heapAfterGc()) / (double) conns), "info");
      t.row("RSS B/conn", "", Fmt.num((loaded.rss() - base.rss()) / (double) conns), "info");

      fleet.reset();
      Publisher.Outcome out = publisher.run(rate, seconds, seq -> "bench:smoke0");
      Thread.sleep(1_500);
      ClientFleet.Deliveries d = fleet.deliveries();
      Histogram h = d.latencyMicros();
      long expectedPubs = Math.round(rate * seconds);
      check(t, report, "publications accepted by /api/publish", expectedPubs, out.published(),
          out.published() == expectedPubs && out.failed() == 0);
      check(t, report, "deliveries", out.published() * conns, d.delivered(), d.delivered() == out.published() * conns);
      t.row("delivery p50 / p99 / max ms", "", Fmt.num(Fmt.ms(h.getValueAtPercentile(50))) + " / "
          + Fmt.num(Fmt.ms(h.getValueAtPercentile(99))) + " / " + Fmt.num(Fmt.ms(h.getMaxValue())), "info");

      int still = fleet.closeAll("clean");
      check(t, report, "client sockets closed", 0, still, still == 0);
      double live = CapacityScenario.awaitDrained(hub);
      check(t, report, "hub_sessions_live after clients left", 0, (long) live, live == 0);
      double subs = PromText.sum(ServerSample.hubMetrics(hub), "hub_subscriptions_live");
      check(t, report, "hub_subscriptions_live after clients left", 0, (long) subs, subs == 0);
      check(t, report, "hub still running", "yes", hub.isAlive() ? "yes" : "no", hub.isAlive());
    }
    return report.add(t);
  }

  private static void check(Table t, Report r, String what, Object expected, Object observed, boolean ok) {
    t.row(what, expected, observed, ok ? "PASS" : "FAIL");
    if (!ok) r.fail(what + ": expected " + expected + ", observed " + observed);
  }
}
