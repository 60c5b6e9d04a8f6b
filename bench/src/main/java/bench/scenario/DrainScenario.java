package bench.scenario;

import bench.client.LoadStats;
import bench.client.Timestamps;
import bench.load.Publisher;
import bench.load.StreamFleet;
import bench.probe.HttpProbe;
import bench.probe.PromText;
import bench.probe.ProcStat;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.HubCluster;
import bench.target.HubConfigFile;
import bench.target.ServerProcess;
import bench.target.Target;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Streams benchmark 2: recovering subscribers of one history channel, spread over a 3-node cluster, while a
 * publisher posts to a node that stays up. One node is drained with SIGTERM (clients get 3001) or killed with
 * SIGKILL; its clients reconnect to the next node and resubscribe with their position. Measured: the time from the
 * signal until the last of them has resubscribed, whether each came back with {@code recovered:true}, and the audit
 * of every client against the stream's final top offset (every offset once, strictly increasing, none missing).
 */
final class DrainScenario {
  static final String CHANNEL = HubConfigFile.HISTORY_NAMESPACE + ":drain";
  static final int NODES = 3;
  /** Bounds the wait for the moved clients; a run that needs longer reports what it had. */
  static final long RESUBSCRIBE_TIMEOUT_MS = 90_000;
  static final long SETTLE_BEFORE_FAULT_MS = 5_000;

  /** Knobs of one run. */
  record Plan(int clients, double rate, double publishSeconds, long jitterMs) {}

  /** The outcome of one fault. */
  record Result(String fault, int clients, int moved, int resubscribed, int recovered, int notRecovered,
                double lastResubscribeS, Histogram gapMicros, long published, long publishFailed, long top,
                JsonObject audit, JsonObject stats, String load, double sessionsAfter) {}

  private DrainScenario() {}

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    Plan plan = new Plan(args.integer("clients", 5_000), args.dbl("rate", 5), args.dbl("publish-seconds", 30),
        args.integer("jitter-ms", 1_000));
    Report report = new Report(args.str("name", "streams-drain"), command, ProcStat.loadAverages());
    List<Result> results = new ArrayList<>();
    for (String fault : args.list("faults", "sigterm,kill9")) {
      String load = ctx.awaitQuietMachine("streams drain " + fault);
      results.add(measure(ctx, plan, fault, load));
    }
    report.add(table(results));
    report.note("plan: " + plan + "; channel " + CHANNEL + " (history " + HubConfigFile.HISTORY_SIZE + " / "
        + HubConfigFile.HISTORY_TTL_MS + " ms, forceRecovery); the publisher posts to node 1, node 3 is the victim; "
        + "a moved client waits a random 0.." + plan.jitterMs() + " ms, then reconnects to the next node");
    for (Result r : results) {
      report.note(r.fault() + ": client stats " + r.stats().copy().put("gapHist", "(omitted)").encode());
      report.note(r.fault() + ": audit " + r.audit().encode());
      if (r.audit().getLong("missing") > 0 || r.audit().getLong("duplicates") > 0) {
        report.fail(r.fault() + ": publications missing or duplicated");
      }
      if (r.resubscribed() < r.moved()) report.fail(r.fault() + ": not every moved client resubscribed in time");
      if (r.sessionsAfter() != 0) report.fail(r.fault() + ": hub_sessions_live on the survivors is " + r.sessionsAfter());
    }
    return report;
  }

  private static Result measure(RunContext ctx, Plan plan, String fault, String load) throws Exception {
    try (HubCluster cluster = ctx.startCluster(NODES, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS)) {
      List<Integer> ports = cluster.nodes().stream().map(ServerProcess::port).toList();
      ServerProcess victim = cluster.node(NODES - 1);
      JsonObject stats;
      long top;
      JsonObject audit;
      Publisher.Outcome out;
      long faultAt;
      try (StreamFleet fleet = StreamFleet.start(ctx.paths(), ctx.addresses(), ports, plan.jitterMs(), ctx.logDir());
           Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, cluster.node(0).port())) {
        JsonObject opened = fleet.open(plan.clients(), CHANNEL);
        if (opened.getInteger("failed") > 0) throw new IllegalStateException("subscribers failed to open: " + opened);
        CompletableFuture<Publisher.Outcome> publishing = CompletableFuture.supplyAsync(() -> {
          try {
            return publisher.run(plan.rate(), plan.publishSeconds(), seq -> CHANNEL);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
        Thread.sleep(SETTLE_BEFORE_FAULT_MS);
        faultAt = Timestamps.nowMicros();
        if (fault.equals("kill9")) victim.kill(); else victim.terminate();
        int expected = (int) java.util.stream.IntStream.range(0, plan.clients()).filter(i -> i % NODES == NODES - 1).count();
        stats = awaitResubscribed(fleet, expected);
        out = publishing.get();
        Thread.sleep(3_000); // the last publications reach every client
        top = topOffset(cluster.node(0).port());
        audit = fleet.verify(top);
        stats = fleet.stats();
        victim.awaitExit(30);
      }
      double after = awaitNoSessions(cluster.nodes().subList(0, NODES - 1));
      long last = stats.getLong("lastResubscribeMicros");
      return new Result(fault, plan.clients(), stats.getInteger("lost"), stats.getInteger("resubscribed"),
          stats.getInteger("recovered"), stats.getInteger("notRecovered"),
          last > 0 ? (last - faultAt) / 1e6 : Double.NaN, LoadStats.decode(stats.getString("gapHist")),
          out.published(), out.failed(), top, audit, stats, load, after);
    }
  }

  private static JsonObject awaitResubscribed(StreamFleet fleet, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + RESUBSCRIBE_TIMEOUT_MS;
    JsonObject s = fleet.stats();
    while (System.currentTimeMillis() < deadline) {
      s = fleet.stats();
      if (s.getInteger("lost") >= expected && s.getInteger("resubscribed") >= s.getInteger("lost")) return s;
      Thread.sleep(250);
    }
    return s;
  }

  /** The channel's top offset, read through a node that stayed up ({@code limit} 0: position only). */
  static long topOffset(int port) throws java.io.IOException {
    JsonObject r = new JsonObject(HttpProbe.post(port, "/api/history",
        "{\"channel\":\"" + CHANNEL + "\",\"limit\":0}", HubConfigFile.API_KEY));
    return r.getJsonObject("result").getLong("offset");
  }

  private static double awaitNoSessions(List<ServerProcess> nodes) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    double live = Double.NaN;
    while (System.currentTimeMillis() < deadline) {
      live = 0;
      for (ServerProcess n : nodes) live += PromText.sum(ServerSample.hubMetrics(n), "hub_sessions_live");
      if (live == 0) return 0;
      Thread.sleep(250);
    }
    return live;
  }

  static Table table(List<Result> results) {
    Table t = new Table("Drain recovery (3-node cluster, one history channel, publisher on a surviving node)",
        "fault", "clients", "moved", "resubscribed", "recovered=true", "recovered=false", "last resubscribed s after signal",
        "client gap p50 ms", "client gap p99 ms", "client gap max ms", "published", "publish failed", "top offset",
        "offsets missing", "duplicates", "gaps", "clients not at top", "load at start");
    for (Result r : results) {
      Histogram h = r.gapMicros();
      boolean any = h.getTotalCount() > 0;
      t.row(r.fault(), r.clients(), r.moved(), r.resubscribed(), r.recovered(), r.notRecovered(),
          r.lastResubscribeS(), any ? Fmt.ms(h.getValueAtPercentile(50)) : Double.NaN,
          any ? Fmt.ms(h.getValueAtPercentile(99)) : Double.NaN, any ? Fmt.ms(h.getMaxValue()) : Double.NaN,
          r.published(), r.publishFailed(), r.top(), r.audit().getLong("missing"), r.audit().getLong("duplicates"),
          r.audit().getLong("gaps"), r.audit().getInteger("notAtTop"), r.load());
    }
    return t;
  }
}
