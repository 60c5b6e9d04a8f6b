package bench.scenario;

import bench.load.ClientFleet;
import bench.probe.ProcStat;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.ServerProcess;
import bench.target.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 1, capacity and memory: grows one server through the given sizes of idle, subscribed
 * connections; at each size reports the connect rate and, after a forced full GC, heap and RSS
 * per connection over the empty server, plus the slope from the previous size. Ends by closing
 * every client and checking the server counts its sessions back down to zero.
 */
public final class CapacityScenario {
  static final String CHANNEL_PREFIX = "bench:cap";

  public record Point(int n, int ok, int failed, double connectRate, double connectP50Ms, double connectP99Ms,
                      double cpuSeconds, long heap, long rss, double heapPerConn, double rssPerConn,
                      double heapSlope, double rssSlope, double sessionsLive) {}

  public record Result(Target target, ServerSample baseline, List<Point> points, double liveAfterClose) {
    public Point at(int n) {
      return points.stream().filter(p -> p.n() == n).findFirst().orElse(null);
    }

    public Point last() {
      return points.get(points.size() - 1);
    }
  }

  private CapacityScenario() {}

  public static Result measure(RunContext ctx, Target target, List<Integer> sizes, int channels) throws Exception {
    try (ServerProcess server = ctx.startServer(target, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(server)) {
      Thread.sleep(2_000);
      ServerSample base = ServerSample.take(server);
      List<Point> points = new ArrayList<>();
      int have = 0;
      int okTotal = 0;
      ServerSample prev = base;
      for (int n : sizes) {
        double cpu0 = ProcStat.cpuSeconds(server.pid());
        ClientFleet.ConnectResult r = fleet.connect(n - have, channels, CHANNEL_PREFIX);
        double cpu = ProcStat.cpuSeconds(server.pid()) - cpu0;
        if (!r.errors().isEmpty()) System.err.println(target.label() + " connect errors at " + n + ": " + r.errors());
        Thread.sleep(2_000);
        ServerSample s = ServerSample.take(server);
        int prevN = have;
        have = n;
        okTotal += r.ok();
        points.add(new Point(n, okTotal, n - okTotal, r.rate(),
            Fmt.ms(r.connectMicros().getValueAtPercentile(50)), Fmt.ms(r.connectMicros().getValueAtPercentile(99)),
            cpu, s.heapAfterGc(), s.rss(),
            perConn(s.heapAfterGc(), base.heapAfterGc(), n), perConn(s.rss(), base.rss(), n),
            perConn(s.heapAfterGc(), prev.heapAfterGc(), n - prevN), perConn(s.rss(), prev.rss(), n - prevN),
            s.sessionsLive()));
        prev = s;
        if (!server.isAlive()) throw new IllegalStateException(target.label() + " died: " + server.tail());
      }
      fleet.closeAll("clean");
      return new Result(target, base, points, awaitDrained(server));
    }
  }

  private static double perConn(long now, long before, int conns) {
    return now < 0 || before < 0 || conns <= 0 ? Double.NaN : (now - before) / (double) conns;
  }

  /** Hub: hub_sessions_live once it reaches 0 (or after 20 s). Peers: NaN (they have no such gauge). */
  static double awaitDrained(ServerProcess server) throws InterruptedException {
    if (server.target() != Target.HUB) return Double.NaN;
    double live = Double.NaN;
    for (int i = 0; i < 100; i++) {
      live = bench.probe.PromText.sum(ServerSample.hubMetrics(server), "hub_sessions_live");
      if (live == 0) return 0;
      Thread.sleep(200);
    }
    return live;
  }

  public static Table table(List<Result> results) {
    Table t = new Table("Capacity and memory (idle connections, each subscribed to one channel)",
        "target", "n", "ok", "failed", "connect/s", "connect p50 ms", "connect p99 ms", "server CPU-s (connect)",
        "heap MiB", "heap B/conn", "heap slope B/conn", "RSS MiB", "RSS B/conn", "RSS slope B/conn");
    for (Result res : results) {
      t.row(res.target().label(), 0, 0, 0, "", "", "", "", Fmt.mib(res.baseline().heapAfterGc()), "", "",
          Fmt.mib(res.baseline().rss()), "", "");
      for (Point p : res.points()) {
        t.row(res.target().label(), p.n(), p.ok(), p.failed(), p.connectRate(), p.connectP50Ms(), p.connectP99Ms(),
            p.cpuSeconds(), Fmt.mib(p.heap()), p.heapPerConn(), p.heapSlope(), Fmt.mib(p.rss()), p.rssPerConn(), p.rssSlope());
      }
    }
    return t;
  }
}
