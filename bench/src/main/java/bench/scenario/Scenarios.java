package bench.scenario;

import bench.target.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Maps a command line onto a scenario and turns its results into a {@link Report}. */
public final class Scenarios {
  public static final String USAGE = String.join("\n",
      "usage: bench/run SCENARIO [flags]",
      "  capacity  --target hub[,vertx,socketio,ws] [--sizes 1000,5000,15000] [--channels 100]",
      "  fanout    --target T[,...] [--subs 1000,10000] [--step-seconds 5] [--p99-limit-ms 100] [--start 5000] [--max-rate 20000]",
      "            [--warm-up-seconds 0]  (unrecorded warm-up at the first rate, same for every target; 0: 20 publications, 3-15 s)",
      "  channels  --target T[,...] [--conns 10000] [--channels 2000] [--step-seconds 5] [--start 5000]",
      "  churn     --target hub [--duration 300] [--live 2000] [--ping-ms 10000] [--pong-ms 5000]",
      "  soak      [--nodes 1|3] [--cycles 100000] [--duration 540] [--live 1000] [--mix 40,20,20,13,2,5]",
      "            [--min-life-ms 2000] [--max-life-ms 15000] [--mix clean,fin,rst,silent weights, default 30,25,25,20]",
      "  compare   --targets hub,vertx,socketio,ws [--scenarios capacity,fanout] [--sizes ..] [--subs ..] [--name REPORT]",
      "  cluster-capacity [--nodes 4] [--conns 60000] [--channels 100] (hub nodes as separate processes)",
      "  cluster-fanout   [--subs 1000,10000] (2 nodes: publisher on A, subscribers on B; then both on B)",
      "  streams-publish [--conns 1000] [--channels 200] [--start 2000] [--setups 1,3] [--variants none,history] [--max-rate 200000]",
      "  streams-store   [--shapes 1000x10,1000x100,10000x10] [--stores memory,hazelcast] [--nodes 3] [--rate 4000]",
      "  streams-drain   [--clients 5000] [--rate 5] [--publish-seconds 30] [--faults sigterm,kill9] [--jitter-ms 1000]",
      "  rss       --target hub,socketio [--conns 5000] [--settle-seconds 60] (RSS as it runs, no forced GC; then heap after GC)",
      "  transports [--conns 5000] [--rate 4] [--seconds 15] [--kinds json,protobuf,http_stream] (issue 11)",
      "  overload  [--subs 2000] [--channels 20] [--rates 100,300,1000,2000,3500,5000] [--step-seconds 12]",
      "            [--broadcast-every 10] [--broadcast-width 5] (HTTP publish + broadcast past the budget, default limits)",
      "  smoke     --hub-jar JAR (a few hundred connections, a few seconds; exits 1 on a failed check)",
      "common: --hub-jar JAR (or HUB_JAR)  --out DIR (default bench/results)  --max-load 1.5  --max-wait 300 (s per gate)",
      "        --max-per-process 18000  --server-jvm-flags \"-XX:StartFlightRecording=...\"",
      "        --hub-variants \"NAME:KEY=VALUE,...;...\" (fanout, rss: also run the hub changed so; KEY a config path, jvm, java or jar)",
      "        --driver java|node (the load client: the Java generator, or Node.js ws from bench/driver; no churn on node)");

  private Scenarios() {}

  public static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    switch (args.command()) {
      case "capacity": return capacity(args, ctx, command);
      case "fanout": return fanout(args, ctx, command);
      case "channels": return channels(args, ctx, command);
      case "churn": return churn(args, ctx, command);
      case "soak": return SoakScenario.run(args, ctx, command);
      case "compare": return CompareScenario.run(args, ctx, command);
      case "cluster-capacity": return ClusterScenario.capacity(args, ctx, command);
      case "cluster-fanout": return ClusterScenario.fanout(args, ctx, command);
      case "smoke": return SmokeScenario.run(args, ctx, command);
      case "rss": return RssScenario.run(args, ctx, command);
      case "streams-publish": return StreamsScenario.publish(args, ctx, command);
      case "streams-drain": return DrainScenario.run(args, ctx, command);
      case "streams-store": return StoreScenario.run(args, ctx, command);
      case "transports": return TransportsScenario.run(args, ctx, command);
      case "overload": return OverloadScenario.run(args, ctx, command);
      default: throw new IllegalArgumentException("unknown scenario " + args.command());
    }
  }

  static List<Target> targets(bench.Args args, String key) {
    List<Target> out = new ArrayList<>();
    for (String t : args.list(key, "hub")) out.add(Target.parse(t));
    return out;
  }

  static <R> List<R> perTarget(String what, List<Target> targets, RunContext ctx, ThrowingFn<Target, R> fn) throws Exception {
    List<R> out = new ArrayList<>();
    for (Target t : targets) {
      ctx.awaitQuietMachine(what + " " + t.label());
      out.add(fn.apply(t));
    }
    return out;
  }

  /** A function that may throw, for per-target loops. */
  interface ThrowingFn<A, B> {
    B apply(A a) throws Exception;
  }

  private static Report capacity(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = bench.probe.ProcStat.loadAverages();
    List<Integer> sizes = args.ints("sizes", "1000,5000,15000");
    int channels = args.integer("channels", 100);
    List<CapacityScenario.Result> results = perTarget("capacity", targets(args, "target"), ctx,
        t -> CapacityScenario.measure(ctx, t, sizes, channels));
    Report r = new Report("capacity-" + label(results, CapacityScenario.Result::target), command, load)
        .add(CapacityScenario.table(results));
    for (CapacityScenario.Result res : results) {
      if (!Double.isNaN(res.liveAfterClose())) r.note(res.target().label() + ": hub_sessions_live after every client closed: " + res.liveAfterClose());
    }
    return r;
  }

  static FanoutScenario.Plan fanoutPlan(bench.Args args, int subs, int channels, double start) {
    return new FanoutScenario.Plan(subs, channels, args.dbl("start", start), args.dbl("step-seconds", 5),
        args.dbl("p99-limit-ms", 100), args.dbl("max-rate", 20_000)).withWarmUp(args.dbl("warm-up-seconds", 0));
  }

  private static Report fanout(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = bench.probe.ProcStat.loadAverages();
    List<FanoutScenario.Result> results = new ArrayList<>();
    List<bench.target.HubVariant> variants = bench.target.HubVariant.parseAll(args.str("hub-variants", ""));
    for (int subs : args.ints("subs", "1000,10000")) {
      results.addAll(perTarget("fanout S=" + subs, targets(args, "target"), ctx,
          t -> FanoutScenario.measure(ctx, t, fanoutPlan(args, subs, 1, 5000))));
      for (bench.target.HubVariant v : variants) {
        ctx.awaitQuietMachine("fanout S=" + subs + " " + v.label());
        results.add(FanoutScenario.measure(ctx, Target.HUB, fanoutPlan(args, subs, 1, 5000), v));
      }
    }
    double limit = args.dbl("p99-limit-ms", 100);
    return new Report("fanout-" + label(results, FanoutScenario.Result::target), command, load)
        .add(FanoutScenario.summary("Fan-out summary (one channel)", results, limit))
        .add(FanoutScenario.table("Fan-out steps (one channel, HTTP publish at a fixed rate per step)", results));
  }

  private static Report channels(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = bench.probe.ProcStat.loadAverages();
    int conns = args.integer("conns", 10_000);
    int channels = args.integer("channels", 2_000);
    List<FanoutScenario.Result> results = perTarget("channels", targets(args, "target"), ctx,
        t -> FanoutScenario.measure(ctx, t, fanoutPlan(args, conns, channels, 5000)));
    double limit = args.dbl("p99-limit-ms", 100);
    return new Report("channels-" + label(results, FanoutScenario.Result::target), command, load)
        .add(FanoutScenario.summary("Many channels summary (" + conns + " connections, " + channels
            + " channels, random channel per publication)", results, limit))
        .add(FanoutScenario.table("Many channels steps", results));
  }

  private static Report churn(bench.Args args, RunContext ctx, String command) throws Exception {
    String load = bench.probe.ProcStat.loadAverages();
    List<Integer> mix = args.ints("mix", "30,25,25,20");
    ChurnScenario.Plan plan = new ChurnScenario.Plan(args.integer("live", 2000), args.integer("duration", 300),
        args.integer("min-life-ms", 2000), args.integer("max-life-ms", 15000),
        args.integer("ping-ms", 10_000), args.integer("pong-ms", 5_000), mix.get(0), mix.get(1), mix.get(2), mix.get(3));
    Report r = null;
    for (Target t : targets(args, "target")) {
      ctx.awaitQuietMachine("churn " + t.label());
      ChurnScenario.Result res = ChurnScenario.measure(ctx, t, plan);
      if (r == null) r = new Report("churn-" + t.label(), command, load);
      r.add(ChurnScenario.drift(res)).add(ChurnScenario.samples(res));
      r.note(t.label() + " churn client summary: " + res.churn().encode());
      r.note(t.label() + " plan: " + plan);
      if (!Double.isNaN(res.liveAfterDrain())) r.note(t.label() + ": hub_sessions_live after drain: " + res.liveAfterDrain());
    }
    return r;
  }

  static <R> String label(List<R> results, Function<R, Target> target) {
    return String.join("-", results.stream().map(target).map(Target::label).distinct().toList());
  }
}
