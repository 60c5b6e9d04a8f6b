package bench.scenario;

import bench.load.ClientFleet;
import bench.load.Publisher;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.HubCluster;
import bench.target.ServerProcess;
import bench.target.Target;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hub as a local cluster of separate node processes. Capacity: {@code conns} idle subscribed connections spread
 * evenly over the nodes (one process here cannot hold more than about 20k sockets, so 60k needs at least 4 nodes),
 * memory read from every node after a forced full GC. Fan-out across nodes: subscribers on node B, publications
 * through node A's HTTP API, against the same cluster with the publisher on node B, so the difference is what the
 * cluster hop costs.
 */
final class ClusterScenario {
  static final String CAP_PREFIX = "bench:ccap";

  /** One node's share of the capacity run. */
  record NodeShare(String node, int conns, ServerSample before, ServerSample after, double connectRate,
                   double connectP99Ms) {
    double heapPerConn() {
      return (after.heapAfterGc() - before.heapAfterGc()) / (double) conns;
    }

    double rssPerConn() {
      return (after.rss() - before.rss()) / (double) conns;
    }
  }

  private ClusterScenario() {}

  static Report capacity(bench.Args args, RunContext ctx, String command) throws Exception {
    int size = args.integer("nodes", 4);
    int total = args.integer("conns", 60_000);
    int channels = args.integer("channels", 100);
    Report report = new Report("cluster-capacity-" + size + "x" + (total / 1000) + "k", command,
        bench.probe.ProcStat.loadAverages());
    ctx.awaitQuietMachine("cluster capacity");
    List<NodeShare> shares = new ArrayList<>();
    long clusterClients;
    double liveAfter = 0;
    try (HubCluster cluster = ctx.startCluster(size, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS)) {
      List<ClientFleet> fleets = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(size);
      try {
        List<ServerSample> before = new ArrayList<>();
        for (ServerProcess node : cluster.nodes()) {
          before.add(ServerSample.take(node));
          fleets.add(ctx.fleet(node));
        }
        List<Future<ClientFleet.ConnectResult>> connects = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          ClientFleet fleet = fleets.get(i);
          int share = total / size + (i < total % size ? 1 : 0);
          connects.add(pool.submit(() -> fleet.connect(share, channels, CAP_PREFIX)));
        }
        List<ClientFleet.ConnectResult> results = new ArrayList<>();
        for (Future<ClientFleet.ConnectResult> f : connects) results.add(f.get());
        Thread.sleep(2_000);
        for (int i = 0; i < size; i++) {
          ClientFleet.ConnectResult r = results.get(i);
          if (!r.errors().isEmpty()) report.note("node " + (i + 1) + " connect errors: " + r.errors());
          shares.add(new NodeShare("node" + (i + 1), r.ok(), before.get(i), ServerSample.take(cluster.node(i)),
              r.rate(), Fmt.ms(r.connectMicros().getValueAtPercentile(99))));
        }
        clusterClients = clusterClients(cluster.info());
        for (ClientFleet fleet : fleets) fleet.closeAll("clean");
        for (ServerProcess node : cluster.nodes()) liveAfter += CapacityScenario.awaitDrained(node);
      } finally {
        pool.shutdownNow();
        fleets.forEach(ClientFleet::close);
      }
    }
    int ok = shares.stream().mapToInt(NodeShare::conns).sum();
    if (ok != total) report.fail("connected " + ok + " of " + total);
    if (clusterClients != ok) report.fail("/api/info counted " + clusterClients + " clients, " + ok + " connected");
    if (liveAfter != 0) report.fail("hub_sessions_live summed over the nodes after every client left: " + liveAfter);
    report.note("/api/info through node 1 counted " + clusterClients + " clients across the cluster");
    report.note("hub_sessions_live summed over the nodes after every client left: " + liveAfter);
    return report.add(capacityTable(shares));
  }

  private static long clusterClients(JsonObject info) {
    long sum = 0;
    for (Object n : info.getJsonObject("result").getJsonArray("nodes")) {
      sum += ((JsonObject) n).getLong("num_clients", 0L);
    }
    return sum;
  }

  private static Table capacityTable(List<NodeShare> shares) {
    Table t = new Table("Cluster capacity (idle connections, each subscribed to one channel, spread over the nodes)",
        "node", "connections", "connect/s", "connect p99 ms", "heap MiB", "heap B/conn", "RSS MiB", "RSS B/conn",
        "threads", "sessions live");
    long heap = 0;
    long rss = 0;
    long heapDelta = 0;
    long rssDelta = 0;
    int conns = 0;
    double rate = 0;
    for (NodeShare s : shares) {
      t.row(s.node(), s.conns(), s.connectRate(), s.connectP99Ms(), Fmt.mib(s.after().heapAfterGc()), s.heapPerConn(),
          Fmt.mib(s.after().rss()), s.rssPerConn(), s.after().threads(), s.after().sessionsLive());
      heap += s.after().heapAfterGc();
      rss += s.after().rss();
      heapDelta += s.after().heapAfterGc() - s.before().heapAfterGc();
      rssDelta += s.after().rss() - s.before().rss();
      conns += s.conns();
      rate += s.connectRate();
    }
    t.row("all", conns, rate, "", Fmt.mib(heap), heapDelta / (double) conns, Fmt.mib(rss), rssDelta / (double) conns,
        "", "");
    return t;
  }

  static Report fanout(bench.Args args, RunContext ctx, String command) throws Exception {
    Report report = new Report("cluster-fanout", command, bench.probe.ProcStat.loadAverages());
    List<FanoutScenario.Result> results = new ArrayList<>();
    for (int subs : args.ints("subs", "1000,10000")) {
      FanoutScenario.Plan plan = Scenarios.fanoutPlan(args, subs, 1, 5000);
      ctx.awaitQuietMachine("cluster fanout S=" + subs);
      try (HubCluster cluster = ctx.startCluster(2, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS)) {
        ServerProcess a = cluster.node(0);
        ServerProcess b = cluster.node(1);
        results.add(climb(ctx, cluster, b, a, "hub A->B", plan));
        ctx.awaitQuietMachine("cluster fanout S=" + subs + " same node");
        results.add(climb(ctx, cluster, b, b, "hub B->B", plan));
        report.note("S=" + subs + ": hub_messages_out on node B after both climbs: "
            + PromText.sum(ServerSample.hubMetrics(b), "hub_messages_out_total"));
      }
    }
    double limit = args.dbl("p99-limit-ms", 100);
    return report
        .add(FanoutScenario.summary("Cross-node fan-out summary (subscribers on node B; A->B publishes through node A)",
            results, limit))
        .add(FanoutScenario.table("Cross-node fan-out steps (2-node cluster, HTTP publish at a fixed rate per step)",
            results));
  }

  private static FanoutScenario.Result climb(RunContext ctx, HubCluster cluster, ServerProcess subscribersOn,
                                             ServerProcess publishTo, String label, FanoutScenario.Plan plan)
      throws Exception {
    try (ClientFleet fleet = ctx.fleet(subscribersOn);
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, publishTo.port())) {
      return FanoutScenario.climb(Target.HUB, label, cluster.nodes(), fleet, publisher, plan);
    }
  }
}
