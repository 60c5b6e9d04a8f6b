package bench;

import bench.scenario.Report;
import bench.scenario.RunContext;
import bench.scenario.Scenarios;
import bench.target.Paths;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the orchestrator ({@code bench/run SCENARIO [flags]}): builds the run context,
 * runs one scenario, prints its tables and writes them under --out. Exits 1 when a sanity check
 * failed and 2 on a usage error. A shutdown hook kills every child process, so an interrupted run
 * leaves no server or client behind.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] argv) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
    Args args;
    try {
      args = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + Scenarios.USAGE);
      System.exit(2);
      return;
    }
    Paths base = Paths.fromSystem();
    Paths paths = new Paths(base.benchJar(), base.peersDir(),
        args.has("hub-jar") ? Path.of(args.str("hub-jar", "")).toAbsolutePath() : base.hubJar());
    Path out = Path.of(args.str("out", base.peersDir().getParent().resolve("results").toString()));
    List<String> extraFlags = args.has("server-jvm-flags")
        ? Arrays.asList(args.str("server-jvm-flags", "").trim().split("\\s+")) : List.of();
    Vertx vertx = Vertx.vertx();
    int status;
    try {
      RunContext ctx = new RunContext(paths, vertx, paths.benchJar().getParent().resolve("logs"), args.dbl("max-load", 1.5),
          args.integer("max-per-process", 18_000), extraFlags, args.integer("max-wait", 300));
      ctx.driver(bench.load.ClientFleet.Driver.valueOf(args.str("driver", "java").toUpperCase(java.util.Locale.ROOT)));
      Report report = Scenarios.run(args, ctx, "bench/run " + String.join(" ", argv));
      ctx.gateLog().forEach(report::note);
      System.out.println(report.markdown());
      report.write(out);
      System.err.println("results written to " + out.toAbsolutePath());
      status = report.failed() ? 1 : 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + Scenarios.USAGE);
      status = 2;
    } finally {
      vertx.close().await();
    }
    System.exit(status);
  }
}
