package bench.scenario;

import bench.load.Publisher;
import bench.probe.JvmHeap;
import bench.probe.ProcStat;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.HubCluster;
import bench.target.HubConfigFile;
import bench.target.ServerProcess;
import bench.target.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streams benchmark 3: what the history store costs per channel and per publication. One server (the in-memory
 * store) or one 3-node cluster (the Hazelcast store, one synchronous backup) per store; the shapes N channels x M
 * publications are published one after another on fresh {@code hist:} channels through the HTTP API, with no
 * subscriber, and after each shape the harness reads {@code hub_history_bytes} and {@code hub_history_channels}
 * (summed over the nodes) and the heap after a full GC (every node). Each shape's cost is the difference to the
 * reading before it, so the shapes need not restart the servers.
 */
final class StoreScenario {
  /** The publisher's default rate: under the publish knee of one node, so no publication fails or queues. */
  static final double DEFAULT_RATE = 4_000;
  static final long SETTLE_TIMEOUT_MS = 60_000;

  private StoreScenario() {}

  record Shape(int channels, int publications) {
    static Shape parse(String s) {
      String[] p = s.split("x");
      return new Shape(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    }

    long total() {
      return (long) channels * publications;
    }

    @Override
    public String toString() {
      return channels + " x " + publications;
    }
  }

  /** What the nodes held after one shape, summed over the nodes. */
  record Reading(long heap, long rss, double historyBytes, double historyChannels) {
  }

  record Row(String store, Shape shape, long published, long failed, Reading before, Reading after) {
  }

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    Report report = new Report(args.str("name", "streams-store"), command, ProcStat.loadAverages());
    List<Shape> shapes = new ArrayList<>();
    for (String s : args.list("shapes", "1000x10,1000x100,10000x10")) shapes.add(Shape.parse(s));
    int nodes = args.integer("nodes", 3);
    double rate = args.dbl("rate", DEFAULT_RATE);
    List<Row> rows = new ArrayList<>();
    for (String store : args.list("stores", "memory,hazelcast")) {
      String label = store.equals("memory") ? "memory (1 node)" : "hazelcast (" + nodes + " nodes)";
      report.note(label + ": started at load " + ctx.awaitQuietMachine("streams store " + label));
      if (store.equals("memory")) {
        try (ServerProcess server = ctx.startServer(Target.HUB, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS)) {
          rows.addAll(measure(ctx, label, List.of(server), shapes, rate));
        }
      } else {
        try (HubCluster cluster = ctx.startCluster(nodes, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS)) {
          rows.addAll(measure(ctx, label, cluster.nodes(), shapes, rate));
        }
      }
    }
    for (Row r : rows) {
      // A publish whose store call timed out (error 100) may still have been appended: the bytes column tells.
      if (r.failed() > 0) report.fail(r.store() + " " + r.shape() + ": " + r.failed() + " publish calls failed");
    }
    report.note("publisher: " + Fmt.num(rate) + " publications/s through /api/publish on node 1");
    report.note("payload: the fan-out publisher's JSON (a timestamp, a sequence number and 48 bytes of padding), "
        + "namespace hist: historySize " + HubConfigFile.HISTORY_SIZE + ", historyTtlMs " + HubConfigFile.HISTORY_TTL_MS
        + "; heap is the sum over the nodes of jcmd GC.heap_info 'used' after jcmd GC.run; the Hazelcast store keeps "
        + "one synchronous backup, so its heap holds every stream twice");
    return report.add(table(rows)).add(derived(rows));
  }

  private static List<Row> measure(RunContext ctx, String label, List<ServerProcess> nodes, List<Shape> shapes,
                                   double rate) throws Exception {
    List<Row> rows = new ArrayList<>();
    Reading before = read(nodes);
    double channelsSoFar = 0;
    try (Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, nodes.get(0).port())) {
      for (int i = 0; i < shapes.size(); i++) {
        Shape shape = shapes.get(i);
        String prefix = HubConfigFile.HISTORY_NAMESPACE + ":store" + i + "-";
        // seq runs 1..N*M: channel (seq - 1) mod N gives every channel exactly M publications
        Publisher.Outcome out = publisher.run(rate, shape.total() / rate, seq -> prefix + ((seq - 1) % shape.channels()));
        channelsSoFar += shape.channels();
        awaitStreams(nodes, channelsSoFar);
        Reading after = read(nodes);
        rows.add(new Row(label, shape, out.published(), out.failed(), before, after));
        System.err.printf("%s %s: history bytes %.0f -> %.0f, heap %d -> %d%n", label, shape, before.historyBytes(),
            after.historyBytes(), before.heap(), after.heap());
        before = after;
      }
    }
    return rows;
  }

  /**
   * Waits until the nodes report every stream published so far: at once for the memory store, after the next sweep
   * for Hazelcast (each member counts the entries it owns once per {@code history.sweepIntervalMs}).
   */
  private static void awaitStreams(List<ServerProcess> nodes, double channels) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline && sum(nodes, "hub_history_channels") < channels) {
      Thread.sleep(500);
    }
    // one more sweep period, so the bytes gauge is of the same sweep as the channel count on every member
    if (nodes.size() > 1) Thread.sleep(11_000);
  }

  private static double sum(List<ServerProcess> nodes, String gauge) {
    double total = 0;
    for (ServerProcess n : nodes) {
      Map<String, Double> m = ServerSample.hubMetrics(n);
      total += PromText.sum(m, gauge);
    }
    return total;
  }

  private static Reading read(List<ServerProcess> nodes) {
    long heap = 0;
    long rss = 0;
    for (ServerProcess n : nodes) {
      heap += JvmHeap.usedAfterFullGc(n.pid());
      rss += ProcStat.rssBytes(n.pid());
    }
    return new Reading(heap, rss, sum(nodes, "hub_history_bytes"), sum(nodes, "hub_history_channels"));
  }

  static Table table(List<Row> rows) {
    Table t = new Table("Store per shape (differences to the reading before the shape)", "store", "shape",
        "published", "publish calls failed", "history channels", "history bytes added", "history bytes per publication",
        "heap added MiB", "heap per publication B", "heap per channel B", "RSS added MiB");
    for (Row r : rows) {
      double bytes = r.after().historyBytes() - r.before().historyBytes();
      long heap = r.after().heap() - r.before().heap();
      t.row(r.store(), r.shape(), r.published(), r.failed(), r.after().historyChannels(), bytes,
          bytes / r.shape().total(), Fmt.mib(heap), (double) heap / r.shape().total(),
          (double) heap / r.shape().channels(), Fmt.mib(r.after().rss() - r.before().rss()));
    }
    return t;
  }

  /**
   * Splits the heap into a cost per publication and a fixed cost per channel, from two shapes with the same channel
   * count and different publication counts (the slope), when the run had them.
   */
  static Table derived(List<Row> rows) {
    Table t = new Table("Heap per publication and per channel (derived)", "store", "from shapes",
        "heap per publication B (slope)", "heap per channel B (fixed part)");
    for (Row a : rows) {
      for (Row b : rows) {
        if (a.store().equals(b.store()) && a.shape().channels() == b.shape().channels()
            && b.shape().publications() > a.shape().publications()) {
          double ha = a.after().heap() - a.before().heap();
          double hb = b.after().heap() - b.before().heap();
          double perPub = (hb - ha) / ((double) a.shape().channels() * (b.shape().publications() - a.shape().publications()));
          double perChannel = ha / a.shape().channels() - perPub * a.shape().publications();
          t.row(a.store(), a.shape() + " and " + b.shape(), perPub, perChannel);
        }
      }
    }
    return t;
  }
}
