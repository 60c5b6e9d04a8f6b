package bench.scenario;

import bench.report.Fmt;
import bench.report.Plotter;
import bench.report.Table;
import bench.target.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenarios 1 and 2 for several targets in one run, one target at a time on the same machine,
 * followed by hub/peer ratios, the issue's targets and the two plots.
 */
final class CompareScenario {
  static final double KIB_4 = 4096;

  private CompareScenario() {}

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = bench.probe.ProcStat.loadAverages();
    List<Target> targets = Scenarios.targets(args, "targets");
    List<String> parts = args.list("scenarios", "capacity,fanout");
    Path out = Path.of(args.str("out", ctx.paths().peersDir().getParent().resolve("results").toString()));
    Files.createDirectories(out);
    Report report = new Report(args.str("name", "compare-" + String.join("-", targets.stream().map(Target::label).toList())), command, load);
    List<CapacityScenario.Result> cap = new ArrayList<>();
    List<FanoutScenario.Result> fan = new ArrayList<>();
    if (parts.contains("capacity")) {
      List<Integer> sizes = args.ints("sizes", "1000,5000,15000");
      cap = Scenarios.perTarget("capacity", targets, ctx, t -> CapacityScenario.measure(ctx, t, sizes, args.integer("channels", 100)));
      report.add(CapacityScenario.table(cap));
      memoryPlot(cap, out.resolve("memory-per-connection.png"));
    }
    double limit = args.dbl("p99-limit-ms", 100);
    List<Integer> subsList = args.ints("subs", "1000,10000");
    if (parts.contains("fanout")) {
      for (int subs : subsList) {
        List<FanoutScenario.Result> some = Scenarios.perTarget("fanout S=" + subs, targets, ctx,
            t -> FanoutScenario.measure(ctx, t, Scenarios.fanoutPlan(args, subs, 1, 5000)));
        fan.addAll(some);
        latencyPlot(some, subs, out.resolve("fanout-latency-S" + subs + ".png"));
      }
      report.add(FanoutScenario.summary("Fan-out summary (one channel)", fan, limit));
      report.add(FanoutScenario.table("Fan-out steps (one channel, HTTP publish at a fixed rate per step)", fan));
    }
    report.add(ratios(cap, fan, subsList, limit));
    report.add(goals(cap, fan, subsList, limit));
    return report;
  }

  private static Table ratios(List<CapacityScenario.Result> cap, List<FanoutScenario.Result> fan,
                              List<Integer> subsList, double limit) {
    Table t = new Table("Ratios hub / peer (same run)", "figure", "peer", "hub", "peer value", "hub / peer");
    CapacityScenario.Result hubCap = find(cap, Target.HUB);
    for (CapacityScenario.Result peer : cap) {
      if (peer.target() == Target.HUB || hubCap == null) continue;
      CapacityScenario.Point h = hubCap.last();
      CapacityScenario.Point p = peer.at(h.n());
      if (p == null) continue;
      t.row("heap after GC B/conn @" + h.n(), peer.target().label(), h.heapPerConn(), p.heapPerConn(), Fmt.ratio(h.heapPerConn(), p.heapPerConn()));
      t.row("RSS B/conn @" + h.n(), peer.target().label(), h.rssPerConn(), p.rssPerConn(), Fmt.ratio(h.rssPerConn(), p.rssPerConn()));
      t.row("connect/s @" + h.n(), peer.target().label(), h.connectRate(), p.connectRate(), Fmt.ratio(h.connectRate(), p.connectRate()));
    }
    for (int subs : subsList) {
      FanoutScenario.Result hub = findFan(fan, Target.HUB, subs);
      for (FanoutScenario.Result peer : fan) {
        if (hub == null || peer.target() == Target.HUB || peer.subscribers() != subs) continue;
        double h = hub.bestDeliveredPerSec(limit);
        double p = peer.bestDeliveredPerSec(limit);
        t.row("delivered/s at p99 <= " + Fmt.num(limit) + " ms, S=" + subs, peer.target().label(), h, p, Fmt.ratio(h, p));
      }
    }
    return t;
  }

  private static Table goals(List<CapacityScenario.Result> cap, List<FanoutScenario.Result> fan,
                             List<Integer> subsList, double limit) {
    Table t = new Table("Issue 4 targets", "target", "goal", "measured", "met");
    CapacityScenario.Result hub = find(cap, Target.HUB);
    if (hub != null) {
      CapacityScenario.Point last = hub.last();
      goal(t, "heap after GC per idle subscribed connection @" + last.n(), "<= 4096 B", last.heapPerConn(), last.heapPerConn() <= KIB_4);
      goal(t, "heap slope between the two largest sizes", "<= 4096 B", last.heapSlope(), last.heapSlope() <= KIB_4);
      CapacityScenario.Result sio = find(cap, Target.SOCKETIO);
      if (sio != null && sio.at(last.n()) != null) {
        double ratio = Fmt.ratio(last.rssPerConn(), sio.at(last.n()).rssPerConn());
        goal(t, "RSS per connection vs Socket.IO @" + last.n(), "<= 0.5x", ratio, ratio <= 0.5);
      }
    }
    for (int subs : subsList) {
      FanoutScenario.Result h = findFan(fan, Target.HUB, subs);
      if (h == null) continue;
      FanoutScenario.Result sio = findFan(fan, Target.SOCKETIO, subs);
      FanoutScenario.Result vx = findFan(fan, Target.VERTX, subs);
      if (sio != null) {
        double r = Fmt.ratio(h.bestDeliveredPerSec(limit), sio.bestDeliveredPerSec(limit));
        goal(t, "fan-out throughput vs Socket.IO, S=" + subs + ", p99 <= " + Fmt.num(limit) + " ms", ">= 3x", r, r >= 3);
      }
      if (vx != null) {
        double r = Fmt.ratio(h.bestDeliveredPerSec(limit), vx.bestDeliveredPerSec(limit));
        goal(t, "fan-out throughput vs bare Vert.x, S=" + subs + ", p99 <= " + Fmt.num(limit) + " ms", ">= 0.8x", r, r >= 0.8);
      }
    }
    return t;
  }

  private static void goal(Table t, String what, String goal, double measured, boolean met) {
    t.row(what, goal, measured, Double.isNaN(measured) ? "n/a" : met ? "yes" : "NO");
  }

  private static CapacityScenario.Result find(List<CapacityScenario.Result> rs, Target t) {
    return rs.stream().filter(r -> r.target() == t).findFirst().orElse(null);
  }

  private static FanoutScenario.Result findFan(List<FanoutScenario.Result> rs, Target t, int subs) {
    return rs.stream().filter(r -> r.target() == t && r.subscribers() >= subs * 0.99 && r.subscribers() <= subs).findFirst().orElse(null);
  }

  static void memoryPlot(List<CapacityScenario.Result> cap, Path file) throws java.io.IOException {
    if (cap.isEmpty()) return;
    List<String> groups = new ArrayList<>();
    double[][] v = new double[cap.size()][];
    for (int i = 0; i < cap.size(); i++) {
      CapacityScenario.Point p = cap.get(i).last();
      groups.add(cap.get(i).target().label() + " @" + p.n());
      v[i] = new double[] {p.heapPerConn() / 1024, p.rssPerConn() / 1024, p.heapSlope() / 1024, p.rssSlope() / 1024};
    }
    Plotter.bars("Memory per idle subscribed connection, by server (over the empty server; slope: last size step)",
        "KiB per connection", groups,
        List.of("heap after GC", "RSS", "heap slope", "RSS slope"),
        v, file);
  }

  static void latencyPlot(List<FanoutScenario.Result> rs, int subs, Path file) throws java.io.IOException {
    List<Plotter.Series> series = new ArrayList<>();
    for (int i = 0; i < rs.size(); i++) {
      FanoutScenario.Result r = rs.get(i);
      // One point per rate, in rate order: a rate that was retried is drawn with the attempt that decided it.
      java.util.TreeMap<Double, FanoutScenario.Step> decided = new java.util.TreeMap<>();
      for (FanoutScenario.Step s : r.steps()) {
        decided.put(s.rate(), s);
      }
      List<double[]> p50 = new ArrayList<>();
      List<double[]> p99 = new ArrayList<>();
      for (FanoutScenario.Step s : decided.values()) {
        p50.add(new double[] {s.deliveredPerSec(), s.p50Ms()});
        p99.add(new double[] {s.deliveredPerSec(), s.p99Ms()});
      }
      int color = r.target().ordinal();
      series.add(new Plotter.Series(r.target().label() + " p99", color, false, p99));
      series.add(new Plotter.Series(r.target().label() + " p50", color, true, p50));
    }
    Plotter.logLines("Fan-out latency vs delivered rate, " + subs + " subscribers on one channel",
        "delivered messages per second", "latency ms (publish API call to receipt)", series, file);
  }
}
