package bench.scenario;

import bench.load.ClientFleet;
import bench.load.Publisher;
import bench.probe.ProcStat;
import bench.target.HubCluster;
import bench.target.HubConfigFile;
import bench.target.ServerProcess;
import bench.target.Target;

import java.util.ArrayList;
import java.util.List;

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
    List<String> prefixes = List.of("bench:pub", HubConfigFile.HISTORY_NAMESPACE + ":pub");
    List<FanoutScenario.Result> results = new ArrayList<>();
    for (int nodes : args.ints("setups", "1,3")) {
      for (String prefix : prefixes) {
        String label = "hub " + nodes + " node" + (nodes == 1 ? "" : "s") + (prefix.startsWith("bench") ? ", no history"
            : ", history");
        ctx.awaitQuietMachine("streams publish " + label);
        results.add(nodes == 1 ? single(ctx, label, base.onChannels(prefix)) : clustered(ctx, nodes, label,
            base.onChannels(prefix)));
      }
    }
    double limit = args.dbl("p99-limit-ms", 100);
    report.note("namespace hist: historySize " + HubConfigFile.HISTORY_SIZE + ", historyTtlMs "
        + HubConfigFile.HISTORY_TTL_MS + ", forceRecovery (subscribers are positioned); bench: no history");
    return report
        .add(FanoutScenario.summary("History vs no history (" + conns + " connections over " + channels
            + " channels, random channel per publication)", results, limit))
        .add(FanoutScenario.table("History vs no history, steps", results));
  }

  private static FanoutScenario.Result single(RunContext ctx, String label, FanoutScenario.Plan plan) throws Exception {
    try (ServerProcess server = ctx.startServer(Target.HUB, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(server);
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, server.port())) {
      return FanoutScenario.climb(Target.HUB, label, List.of(server), fleet, publisher, plan);
    }
  }

  private static FanoutScenario.Result clustered(RunContext ctx, int nodes, String label, FanoutScenario.Plan plan)
      throws Exception {
    try (HubCluster cluster = ctx.startCluster(nodes, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(cluster.node(nodes - 1));
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, cluster.node(0).port())) {
      return FanoutScenario.climb(Target.HUB, label, cluster.nodes(), fleet, publisher, plan);
    }
  }
}
