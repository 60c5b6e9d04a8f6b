package bench.scenario;

import bench.load.ClientFleet;
import bench.load.Publisher;
import bench.probe.ProcStat;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Table;
import bench.target.HubCluster;
import bench.target.HubConfigFile;
import bench.target.ServerProcess;
import bench.target.Target;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams benchmark 1: the many-channels climb (HTTP publish to a random channel, rate rising until p99
 * publish-to-delivery passes the limit) run twice in the same setup, once on the plain {@code bench} namespace and
 * once on {@code hist} (history and forced recovery), so the ratio is the cost of sequencing and storing each
 * publication. On one node, and on 3 clustered nodes with the publisher on node 1 and the subscribers on node 3
 * (each channel's stream is owned by whichever member Hazelcast gives its partition).
 */
final class StreamsScenario {
  /** Publications per second the publish climb may reach before it stops on the ceiling. */
  static final double DEFAULT_MAX_RATE = 200_000;

  private StreamsScenario() {}

  static Report publish(bench.Args args, RunContext ctx, String command) throws Exception {
    Report report = new Report(args.str("name", "streams-publish"), command, ProcStat.loadAverages());
    int conns = args.integer("conns", 1_000);
    int channels = args.integer("channels", 200);
    // The fan-out climbs' 20,000 pubs/s ceiling is below what one node holds here with 5 subscribers a channel (the
    // first run topped out at it, history and none alike), so this climb goes on until something else stops it.
    FanoutScenario.Plan base = new FanoutScenario.Plan(conns, channels, args.dbl("start", 2_000),
        args.dbl("step-seconds", 5), args.dbl("p99-limit-ms", 100), args.dbl("max-rate", DEFAULT_MAX_RATE));
    List<String> prefixes = new ArrayList<>();
    List<String> variants = args.list("variants", "none,history");
    if (variants.contains("none")) prefixes.add("bench:pub");
    if (variants.contains("history")) prefixes.add(HubConfigFile.HISTORY_NAMESPACE + ":pub");
    List<FanoutScenario.Result> results = new ArrayList<>();
    Table store = new Table("Stream-store calls and position checks during each climb (summed over the nodes)",
        "target", "append calls", "append mean ms", "append max ms", "read calls", "read mean ms", "read max ms",
        "store failures", "positions lost (2500/3010)", "history shed");
    for (int nodes : args.ints("setups", "1,3")) {
      for (String prefix : prefixes) {
        String label = "hub " + nodes + " node" + (nodes == 1 ? "" : "s") + (prefix.startsWith("bench") ? ", no history"
            : ", history");
        ctx.awaitQuietMachine("streams publish " + label);
        results.add(nodes == 1 ? single(ctx, label, base.onChannels(prefix), store) : clustered(ctx, nodes, label,
            base.onChannels(prefix), store));
      }
    }
    double limit = args.dbl("p99-limit-ms", 100);
    report.note("namespace hist: historySize " + HubConfigFile.HISTORY_SIZE + ", historyTtlMs "
        + HubConfigFile.HISTORY_TTL_MS + ", forceRecovery (subscribers are positioned); bench: no history");
    return report
        .add(FanoutScenario.summary("History vs no history (" + conns + " connections over " + channels
            + " channels, random channel per publication)", results, limit))
        .add(FanoutScenario.table("History vs no history, steps", results))
        .add(store);
  }

  /**
   * Where a history climb's time went, read from the nodes' own meters once the climb is over: how many store calls
   * of each kind, how long they took (Micrometer's max is of the last couple of minutes), and whether positioned
   * subscribers were told they lost their place.
   */
  private static void storeRow(Table t, String label, List<ServerProcess> nodes) {
    Map<String, Double> sum = new HashMap<>();
    for (ServerProcess n : nodes) {
      ServerSample.hubMetrics(n).forEach((k, v) -> {
        if (k.startsWith("hub_store_") || k.startsWith("hub_positions_lost") || k.startsWith("hub_history_shed")) {
          // max over nodes for the max series, sums for everything else
          sum.merge(k, v, k.contains("_max{") ? Math::max : Double::sum);
        }
      });
    }
    t.row(label, op(sum, "count", "append"), mean(sum, "append"), 1e3 * op(sum, "max", "append"),
        op(sum, "count", "read"), mean(sum, "read"), 1e3 * op(sum, "max", "read"),
        PromText.sum(sum, "hub_store_failures_total"), PromText.sum(sum, "hub_positions_lost_total"),
        PromText.sum(sum, "hub_history_shed_total"));
  }

  private static double op(Map<String, Double> m, String stat, String operation) {
    return m.getOrDefault("hub_store_latency_seconds_" + stat + "{operation=\"" + operation + "\"}", Double.NaN);
  }

  private static double mean(Map<String, Double> m, String operation) {
    double n = op(m, "count", operation);
    return n > 0 ? 1e3 * op(m, "sum", operation) / n : Double.NaN;
  }

  private static FanoutScenario.Result single(RunContext ctx, String label, FanoutScenario.Plan plan, Table store)
      throws Exception {
    try (ServerProcess server = ctx.startServer(Target.HUB, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(server);
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, server.port())) {
      FanoutScenario.Result r = FanoutScenario.climb(Target.HUB, label, List.of(server), fleet, publisher, plan);
      storeRow(store, label, List.of(server));
      return r;
    }
  }

  private static FanoutScenario.Result clustered(RunContext ctx, int nodes, String label, FanoutScenario.Plan plan,
                                                 Table store) throws Exception {
    try (HubCluster cluster = ctx.startCluster(nodes, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(cluster.node(nodes - 1));
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, cluster.node(0).port())) {
      FanoutScenario.Result r = FanoutScenario.climb(Target.HUB, label, cluster.nodes(), fleet, publisher, plan);
      storeRow(store, label, cluster.nodes());
      return r;
    }
  }
}
