package bench.scenario;

import bench.client.Ending;
import bench.load.ClientFleet;
import bench.probe.HttpProbe;
import bench.probe.PromText;
import bench.probe.ServerSample;
import bench.report.Table;
import bench.target.HubConfigFile;
import bench.target.HubVariant;
import bench.target.ServerProcess;
import bench.target.Target;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The soak of issue 10: connection cycles bounded by count and time against one node or a cluster, each cycle
 * ending one of six ways (clean close, FIN without a close frame, RST, silence until the pong deadline, a slow
 * reader the hub must cut with 3008, and an exit while a proxy call is in flight). Every node is read after a
 * forced full GC at the start and after the clients are gone: heap, threads, fds, live timers, sessions,
 * subscriptions, proxy calls in flight and presence entries (a Hazelcast map when clustered). A check fails the
 * report when anything a session held is still held at the end.
 */
public final class SoakScenario {

  /**
   * Publications to the slow channel, 1.3 MB/s: a paused reader's path holds up to ~4 MiB of the hub's socket send
   * buffer (tcp_wmem max here) plus the hub's 1 MiB queue before 3008, so it is cut in about 4 s.
   */
  static final int SLOW_PAD = 32 * 1024;
  static final long SLOW_EVERY_MS = 25;
  /** The proxy backend holds every rpc this long: longer than a PROXY_EXIT session lives. */
  static final long PROXY_HOLD_MS = 1_000;
  static final int CHANNELS = 200;
  static final String PREFIX = "bench:soak";

  public record Plan(int nodes, long cycles, long seconds, int live, int minLifeMs, int maxLifeMs, int pingMs,
                     int pongMs, List<Integer> mix, long slowHoldMs) {}

  /** One node's reading: the process sample plus what sessions hold that the sample does not show. */
  public record Reading(ServerSample s, double proxyInFlight, double presenceEntries, double closedSlow,
                        double proxyLate, long proxyPool) {}

  private SoakScenario() {}

  static Plan plan(bench.Args args) {
    return new Plan(args.integer("nodes", 1), args.integer("cycles", 100_000), args.integer("duration", 540),
        args.integer("live", 1000), args.integer("min-life-ms", 100), args.integer("max-life-ms", 1500),
        args.integer("ping-ms", 4_000), args.integer("pong-ms", 2_000), args.ints("mix", "40,20,20,13,2,5"),
        args.integer("slow-hold-ms", 10_000));
  }

  public static Report run(bench.Args args, RunContext ctx, String command) throws Exception {
    Plan plan = plan(args);
    if (plan.mix().size() != 6) throw new IllegalArgumentException("--mix needs six weights: clean,fin,rst,silent,slow,proxy");
    String load = bench.probe.ProcStat.loadAverages();
    ctx.awaitQuietMachine("soak");
    Vertx vertx = ctx.vertx();
    HttpServer backend = proxyBackend(vertx);
    List<ServerProcess> nodes = new ArrayList<>();
    AutoCloseable servers = null;
    Report report = new Report("soak-" + (plan.nodes() == 1 ? "node" : plan.nodes() + "-node-cluster"), command, load);
    try {
      JsonObject extra = hubConfig(backend.actualPort());
      if (plan.nodes() == 1) {
        ServerProcess one = ctx.startServer(Target.HUB, plan.pingMs(), plan.pongMs(),
            new HubVariant("soak", extra, List.of(), null));
        nodes.add(one);
        servers = one;
      } else {
        bench.target.HubCluster cluster = ctx.startCluster(plan.nodes(), plan.pingMs(), plan.pongMs(), extra);
        nodes.addAll(cluster.nodes());
        servers = cluster;
      }
      Thread.sleep(2_000);
      List<Reading> start = read(nodes, backend.actualPort());
      long feed = slowFeed(vertx, nodes.get(0).port());
      long t0 = System.nanoTime();
      List<JsonObject> churns;
      try {
        churns = churn(ctx, nodes, plan);
      } finally {
        vertx.cancelTimer(feed);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      awaitIdle(nodes, plan.slowHoldMs() + plan.pingMs() + plan.pongMs() + 20_000L);
      Thread.sleep(plan.pingMs() + 1_000L); // a late proxy answer or a sweep step lands before the last reading
      List<Reading> end = read(nodes, backend.actualPort());
      long cycles = churns.stream().mapToLong(c -> c.getLong("opened")).sum();
      report.add(table(nodes, start, end));
      report.note(String.format("%d cycles in %.0f s (%.0f cycles/s) over %d node(s); plan: %s", cycles, seconds,
          cycles / seconds, nodes.size(), plan));
      for (int i = 0; i < churns.size(); i++) report.note("node " + (i + 1) + " clients: " + churns.get(i).encode());
      check(report, start, end);
    } finally {
      if (servers != null) servers.close();
      backend.close();
    }
    return report;
  }

  /** The bench config plus an rpc proxy on the backend, presence on the bench namespace (Hazelcast entries). */
  static JsonObject hubConfig(int backendPort) {
    return new JsonObject()
        .put("proxies", new JsonObject().put("rpc", new JsonObject()
            .put("endpoint", "http://127.0.0.1:" + backendPort + "/rpc").put("timeoutMs", 5_000)))
        .put("client", new JsonObject().put("rpcProxy", "rpc"))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("bench", new JsonObject().put("presence", true))));
  }

  private static HttpServer proxyBackend(Vertx vertx) throws Exception {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b ->
            vertx.setTimer(PROXY_HOLD_MS, t -> req.response().putHeader("content-type", "application/json")
                .end("{\"result\":{\"data\":{}}}"))))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static long slowFeed(Vertx vertx, int port) {
    HttpClient http = vertx.createHttpClient();
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/api/publish").putHeader("content-type", "application/json")
        .putHeader("X-API-Key", HubConfigFile.API_KEY);
    Buffer body = Buffer.buffer(new JsonObject().put("channel", Ending.SLOW_CHANNEL)
        .put("data", new JsonObject().put("pad", "s".repeat(SLOW_PAD))).encode());
    return vertx.setPeriodic(SLOW_EVERY_MS, t -> http.request(req).compose(r -> r.send(body))
        .compose(r -> r.body()).onFailure(e -> { }));
  }

  /** One client process per node, each with its share of the cycles and of the live sessions, in parallel. */
  private static List<JsonObject> churn(RunContext ctx, List<ServerProcess> nodes, Plan plan) throws Exception {
    List<Integer> m = plan.mix();
    long graceMs = plan.pingMs() + plan.pongMs() + 10_000L;
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
    List<ClientFleet> fleets = new ArrayList<>();
    try {
      List<Future<JsonObject>> runs = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        ClientFleet fleet = ctx.fleet(nodes.get(i));
        fleets.add(fleet);
        String args = (plan.live() / nodes.size()) + " " + plan.seconds() + " " + plan.minLifeMs() + " "
            + plan.maxLifeMs() + " " + graceMs + " " + CHANNELS + " " + PREFIX + " " + (i * 100_000_000) + " "
            + m.get(0) + " " + m.get(1) + " " + m.get(2) + " " + m.get(3) + " " + m.get(4) + " " + m.get(5) + " "
            + (plan.cycles() / nodes.size()) + " " + plan.slowHoldMs();
        runs.add(pool.submit(() -> fleet.churn(4, args)));
      }
      List<JsonObject> out = new ArrayList<>();
      for (Future<JsonObject> r : runs) out.add(r.get(plan.seconds() + 600, TimeUnit.SECONDS));
      for (ClientFleet f : fleets) f.closeAll("rst");
      return out;
    } finally {
      fleets.forEach(ClientFleet::close);
      pool.shutdownNow();
    }
  }

  private static void awaitIdle(List<ServerProcess> nodes, long maxMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + maxMs;
    while (System.currentTimeMillis() < deadline) {
      double live = 0;
      for (ServerProcess n : nodes) live += PromText.sum(ServerSample.hubMetrics(n), "hub_sessions_live");
      if (live == 0) return;
      Thread.sleep(500);
    }
  }

  private static List<Reading> read(List<ServerProcess> nodes, int backendPort) {
    List<Reading> out = new ArrayList<>();
    for (ServerProcess n : nodes) {
      ServerSample s = ServerSample.take(n);
      Map<String, Double> m = ServerSample.hubMetrics(n);
      out.add(new Reading(s, PromText.sum(m, "hub_proxy_inflight"), presence(n),
          closedSlow(m), PromText.sum(m, "hub_proxy_late_total"), pooled(n.pid(), backendPort)));
    }
    return out;
  }

  /**
   * The hub's kept-alive connections to the proxy backend: its HTTP pool keeps them (bounded by the pool size) until
   * their keep-alive timeout, so they are fds that are not a leak. Counted with ss, by the hub's pid.
   */
  static long pooled(long pid, int backendPort) {
    try {
      Process p = new ProcessBuilder("ss", "-Htnp", "state", "established", "dst", "127.0.0.1:" + backendPort)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(10, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.contains("pid=" + pid + ",")).count();
    } catch (java.io.IOException | InterruptedException e) {
      return -1;
    }
  }

  private static double closedSlow(Map<String, Double> m) {
    return m.entrySet().stream().filter(e -> e.getKey().startsWith("hub_sessions_closed_total")
        && e.getKey().contains("reason=\"slow\"")).mapToDouble(Map.Entry::getValue).sum();
  }

  /** Presence entries of every soak channel, cluster-wide, through the API (presence_stats counts, fetches none). */
  private static double presence(ServerProcess node) {
    double total = 0;
    for (int c = 0; c < CHANNELS; c++) {
      try {
        JsonObject r = new JsonObject(HttpProbe.post(node.port(), "/api/presence_stats",
            new JsonObject().put("channel", PREFIX + c).encode(), HubConfigFile.API_KEY));
        total += r.getJsonObject("result", new JsonObject()).getInteger("num_clients", 0);
      } catch (java.io.IOException | RuntimeException e) {
        return Double.NaN;
      }
    }
    return total;
  }

  static Table table(List<ServerProcess> nodes, List<Reading> start, List<Reading> end) {
    Table t = new Table("Soak: every node at the start and after the clients are gone (heap after a forced full GC)",
        "node", "when", "heap MiB", "RSS MiB", "threads", "fds", "timers live", "sessions live", "subscriptions",
        "proxy in flight", "presence entries", "closed slow (3008)", "proxy late answers", "proxy pool conns");
    for (int i = 0; i < nodes.size(); i++) {
      row(t, i + 1, "start", start.get(i));
      row(t, i + 1, "end", end.get(i));
    }
    return t;
  }

  private static void row(Table t, int node, String when, Reading r) {
    ServerSample s = r.s();
    t.row(node, when, s.heapAfterGc() / 1048576.0, s.rss() / 1048576.0, s.threads(), s.fds(), s.timersLive(),
        s.sessionsLive(), s.subscriptionsLive(), r.proxyInFlight(), r.presenceEntries(), r.closedSlow(),
        r.proxyLate(), r.proxyPool());
  }

  /**
   * Whatever a session held must be gone; threads and timers back where they started, fds too once the proxy pool's
   * kept-alive connections are set aside (small slack).
   */
  static void check(Report report, List<Reading> start, List<Reading> end) {
    for (int i = 0; i < start.size(); i++) {
      ServerSample a = start.get(i).s();
      ServerSample b = end.get(i).s();
      String n = "node " + (i + 1) + ": ";
      if (b.sessionsLive() != 0) report.fail(n + "hub_sessions_live " + b.sessionsLive() + " at the end");
      if (b.subscriptionsLive() != 0) report.fail(n + "hub_subscriptions_live " + b.subscriptionsLive());
      if (b.timersLive() > a.timersLive()) report.fail(n + "hub_timers_live " + a.timersLive() + " -> " + b.timersLive());
      if (end.get(i).proxyInFlight() != 0) report.fail(n + "hub_proxy_inflight " + end.get(i).proxyInFlight());
      if (end.get(i).presenceEntries() != 0) report.fail(n + "presence entries left: " + end.get(i).presenceEntries());
      long pool = Math.max(0, end.get(i).proxyPool());
      if (b.fds() - pool > a.fds() + 20) {
        report.fail(n + "fds " + a.fds() + " -> " + b.fds() + " (" + pool + " of them kept-alive proxy connections)");
      }
      if (b.threads() > a.threads() + 10) report.fail(n + "threads " + a.threads() + " -> " + b.threads());
    }
  }
}
