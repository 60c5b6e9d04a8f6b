package bench.scenario;

import bench.load.ClientFleet;
import bench.load.Publisher;
import bench.probe.ProcStat;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Fmt;
import bench.report.Table;
import bench.target.ServerProcess;
import bench.target.Target;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 11's benchmark: what a client costs the hub by format and transport, in one run. For each of JSON over
 * WebSocket, protobuf over WebSocket and JSON over HTTP-streaming, a fresh hub takes {@code --conns} idle,
 * authenticated clients subscribed to one channel; the harness reads heap after a full GC and RSS before and after
 * (per connection = the difference / N), checks that {@code hub_sessions_live} counts them under the right
 * {@code transport}, then publishes to that channel at a fixed rate and reports the server's CPU-seconds per
 * delivery and the delivery latency.
 */
final class TransportsScenario {
  /** Connect batches subscribe session i to prefix + (i mod channels): with one channel, every client to CHANNEL. */
  static final String PREFIX = "bench:tr";
  static final String CHANNEL = PREFIX + "0";

  /** One way of connecting: the report's label, the load client's wire adapter and the hub's metric tag. */
  record Kind(String label, String wire, String transportTag) {
  }

  static final List<Kind> KINDS = List.of(
      new Kind("json websocket", "hub", "websocket"),
      new Kind("protobuf websocket", "hub-protobuf", "websocket"),
      new Kind("json http_stream", "hub-http-stream", "http_stream"));

  record Result(Kind kind, String load, int connected, ServerSample idle, ServerSample loaded, double liveTagged,
                long published, long delivered, long expected, double cpuSeconds, double p50Ms, double p99Ms,
                double liveAfter) {
  }

  private TransportsScenario() {}

  static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    Report report = new Report(args.str("name", "transports"), command, ProcStat.loadAverages());
    int conns = args.integer("conns", 5_000);
    // 5,000 x 4/s = 20,000 deliveries/s: a rate every client kind keeps up with here. At 10/s the HTTP-streaming
    // clients (one load JVM parsing 50,000 lines/s on the shared cores) fell seconds behind and missed pongs.
    double rate = args.dbl("rate", 4);
    double seconds = args.dbl("seconds", 15);
    List<String> only = args.list("kinds", "json,protobuf,http_stream");
    List<Result> results = new ArrayList<>();
    for (Kind kind : KINDS) {
      if (only.stream().noneMatch(k -> kind.label().startsWith(k) || kind.label().endsWith(k))) continue;
      String load = ctx.awaitQuietMachine("transports " + kind.label());
      results.add(measure(ctx, kind, load, conns, rate, seconds));
    }
    for (Result r : results) {
      if (r.connected() < conns) report.fail(r.kind().label() + ": only " + r.connected() + " of " + conns + " connected");
      if (r.liveTagged() != r.connected()) {
        report.fail(r.kind().label() + ": hub_sessions_live{transport=\"" + r.kind().transportTag() + "\"} was "
            + r.liveTagged() + " with " + r.connected() + " clients");
      }
      if (r.delivered() < r.expected()) report.fail(r.kind().label() + ": " + (r.expected() - r.delivered()) + " deliveries missing");
      if (r.liveAfter() != 0) report.fail(r.kind().label() + ": hub_sessions_live after the clients left: " + r.liveAfter());
    }
    report.note("every client subscribed to one channel; fan-out: " + Fmt.num(rate) + " publications/s for "
        + Fmt.num(seconds) + " s through the HTTP API, so each publication goes to every client");
    report.note("per connection = (figure with the clients - figure of the same fresh hub before them) / clients; "
        + "heap is jcmd GC.heap_info 'used' after jcmd GC.run");
    return report.add(table(results, conns));
  }

  private static Result measure(RunContext ctx, Kind kind, String load, int conns, double rate, double seconds)
      throws Exception {
    try (ServerProcess server = ctx.startServer(Target.HUB, RunContext.DEFAULT_PING_MS, RunContext.DEFAULT_PONG_MS);
         ClientFleet fleet = ctx.fleet(server, kind.wire());
         Publisher publisher = new Publisher(ctx.vertx(), Target.HUB, server.port())) {
      ServerSample idle = ServerSample.take(server);
      ClientFleet.ConnectResult c = fleet.connect(conns, 1, PREFIX);
      if (c.failed() > 0) System.err.println(kind.label() + ": " + c.failed() + " failed " + c.errors());
      Thread.sleep(2_000); // let the connect burst's garbage and buffers settle before the reading
      ServerSample loaded = ServerSample.take(server);
      double tagged = PromText.sum(ServerSample.hubMetrics(server),
          "hub_sessions_live{transport=\"" + kind.transportTag() + "\"}");
      // a short warm-up so the JIT has seen this transport's write path before the measured window
      publisher.run(rate, 3, seq -> CHANNEL);
      Thread.sleep(3_000); // its last deliveries must not count in the window
      fleet.reset();
      double cpu0 = ProcStat.cpuSeconds(server.pid());
      Publisher.Outcome out = publisher.run(rate, seconds, seq -> CHANNEL);
      Thread.sleep(2_000); // the last publications' deliveries
      double cpu = ProcStat.cpuSeconds(server.pid()) - cpu0;
      ClientFleet.Deliveries d = fleet.deliveries();
      Histogram h = d.latencyMicros();
      boolean any = h.getTotalCount() > 0;
      fleet.closeAll("clean");
      double after = awaitNoSessions(server);
      System.err.printf("%s: %d connected, %d delivered of %d, %.2f CPU-s%n", kind.label(), c.ok(), d.delivered(),
          out.published() * c.ok(), cpu);
      return new Result(kind, load, c.ok(), idle, loaded, tagged, out.published(), d.delivered(),
          out.published() * c.ok(), cpu, any ? Fmt.ms(h.getValueAtPercentile(50)) : Double.NaN,
          any ? Fmt.ms(h.getValueAtPercentile(99)) : Double.NaN, after);
    }
  }

  private static double awaitNoSessions(ServerProcess server) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    double live = Double.NaN;
    while (System.currentTimeMillis() < deadline) {
      Map<String, Double> m = ServerSample.hubMetrics(server);
      live = PromText.sum(m, "hub_sessions_live");
      if (live == 0) break;
      Thread.sleep(250);
    }
    return live;
  }

  static Table table(List<Result> results, int conns) {
    Table t = new Table("Per connection and per delivery, by format and transport (" + conns + " clients)",
        "client", "connected", "heap per connection B", "RSS per connection B", "hub_sessions_live{transport}",
        "delivered", "expected", "server CPU-s", "deliveries per CPU-s", "CPU us per delivery", "p50 ms", "p99 ms",
        "load at start (1/5/15)");
    for (Result r : results) {
      int n = Math.max(1, r.connected());
      t.row(r.kind().label(), r.connected(), (double) (r.loaded().heapAfterGc() - r.idle().heapAfterGc()) / n,
          (double) (r.loaded().rss() - r.idle().rss()) / n, r.liveTagged(), r.delivered(), r.expected(),
          r.cpuSeconds(), r.cpuSeconds() > 0 ? r.delivered() / r.cpuSeconds() : Double.NaN,
          r.delivered() > 0 ? r.cpuSeconds() * 1e6 / r.delivered() : Double.NaN, r.p50Ms(), r.p99Ms(), r.load());
    }
    return t;
  }
}
