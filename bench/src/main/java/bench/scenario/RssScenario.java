package bench.scenario;

import bench.load.ClientFleet;
import bench.probe.ProcStat;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.HubVariant;
import bench.target.ServerProcess;
import bench.target.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory as an operator sees it in {@code ps}: RSS read from /proc while the server runs, with no forced GC, before
 * and after {@code conns} idle subscribed connections arrive, 5 s after the last connect and again once they have
 * settled ({@code --settle-seconds}, default 60). The server's CPU over the settle window is what an idle server pays
 * for keeping RSS down (a periodic collection, say). Only then is a full GC forced, for heap after GC per connection,
 * whose "no connections" reading is taken after every client has closed (so nothing before the RSS readings is
 * disturbed).
 */
final class RssScenario {
  static final String CHANNEL_PREFIX = "bench:rss";
  static final long FIRST_READING_MS = 5_000;

  record Result(String label, int n, int ok, double connectRate, long rssEmpty, long rss5, long rssSettled,
                double idleCpuSeconds, double settleSeconds, long heapFull, long heapEmpty, long rssAfterGc) {
    double perConn(long at) {
      return at < 0 || rssEmpty < 0 || ok == 0 ? Double.NaN : (at - rssEmpty) / (double) ok;
    }
  }

  private RssScenario() {}

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = ProcStat.loadAverages();
    int conns = args.integer("conns", 5000);
    int channels = args.integer("channels", 100);
    double settle = args.dbl("settle-seconds", 60);
    HeapSnapshots snaps = HeapSnapshots.from(args);
    List<Result> results = new ArrayList<>();
    for (Target t : Scenarios.targets(args, "target")) {
      ctx.awaitQuietMachine("rss " + t.label());
      results.add(measure(ctx, t, HubVariant.NONE, conns, channels, settle, snaps));
    }
    for (HubVariant v : HubVariant.parseAll(args.str("hub-variants", ""))) {
      ctx.awaitQuietMachine("rss " + v.label());
      results.add(measure(ctx, Target.HUB, v, conns, channels, settle, snaps));
    }
    Report r = new Report("rss-" + conns, command, load).add(table(results, settle));
    r.note("RSS readings are VmRSS from /proc/PID/status with no forced GC; per connection = (reading - RSS of the same "
        + "server before any connection) / connections. Idle CPU is the server's user+system time over the settle window.");
    return r;
  }

  static Result measure(RunContext ctx, Target target, HubVariant variant, int conns, int channels, double settle,
                        HeapSnapshots snaps)
      throws Exception {
    String label = target == Target.HUB ? variant.label() : target.label();
    try (ServerProcess server = ctx.startServer(target, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS, variant);
         ClientFleet fleet = ctx.fleet(server)) {
      Thread.sleep(FIRST_READING_MS);
      long empty = ProcStat.rssBytes(server.pid());
      ClientFleet.ConnectResult c = fleet.connect(conns, channels, CHANNEL_PREFIX);
      long connectedAt = System.nanoTime();
      Thread.sleep(FIRST_READING_MS);
      long rss5 = ProcStat.rssBytes(server.pid());
      double cpu5 = ProcStat.cpuSeconds(server.pid());
      long settleNanos = (long) (settle * 1e9);
      long left = connectedAt + settleNanos - System.nanoTime();
      if (left > 0) Thread.sleep(left / 1_000_000);
      long rssSettled = ProcStat.rssBytes(server.pid());
      double idleCpu = ProcStat.cpuSeconds(server.pid()) - cpu5;
      if (target.runtime() == Target.Runtime.JVM) snaps.settled(server.pid(), label);
      ServerSample full = ServerSample.take(server); // forces the GC: every reading above is already taken
      String histoFull = target.runtime() == Target.Runtime.JVM ? snaps.loaded(server.pid(), label) : null;
      System.err.printf("%s: %d connected, RSS %d -> %d (+5 s) -> %d (+%.0f s) MiB%n", label, c.ok(), empty >> 20,
          rss5 >> 20, rssSettled >> 20, settle);
      fleet.closeAll("clean");
      CapacityScenario.awaitDrained(server);
      Thread.sleep(2_000);
      ServerSample none = ServerSample.take(server);
      if (histoFull != null) snaps.empty(server.pid(), label, histoFull, c.ok());
      return new Result(label, conns, c.ok(), c.rate(), empty, rss5, rssSettled, idleCpu,
          settle - FIRST_READING_MS / 1e3, full.heapAfterGc(), none.heapAfterGc(), full.rss());
    }
  }

  static Table table(List<Result> results, double settle) {
    Table t = new Table("RSS as it runs (no forced GC), then heap after a forced GC",
        "target", "connections", "connect/s", "RSS MiB empty", "RSS MiB +5 s", "RSS B/conn +5 s",
        "RSS MiB +" + Fmt.num(settle) + " s", "RSS B/conn +" + Fmt.num(settle) + " s",
        "idle server CPU-s (+5 to +" + Fmt.num(settle) + " s)", "heap after GC B/conn", "RSS B/conn after forced GC");
    for (Result r : results) {
      t.row(r.label(), r.ok(), r.connectRate(), Fmt.mib(r.rssEmpty()), Fmt.mib(r.rss5()), r.perConn(r.rss5()),
          Fmt.mib(r.rssSettled()), r.perConn(r.rssSettled()), r.idleCpuSeconds(),
          r.heapFull() < 0 || r.heapEmpty() < 0 || r.ok() == 0 ? Double.NaN : (r.heapFull() - r.heapEmpty()) / (double) r.ok(),
          r.perConn(r.rssAfterGc()));
    }
    return t;
  }
}
