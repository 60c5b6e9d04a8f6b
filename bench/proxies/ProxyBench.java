import hub.HubNode;
import hub.cluster.HazelcastSetup;
import hub.config.HubConfig;
import hub.stream.hazelcast.StreamSerialization;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 9 benchmark: connect rate through the HTTP and the event-bus connect proxy against JWT connect, and rpc
 * round trips through each transport, in one run on this machine. Run from the repository root after
 * {@code mvn -B -q -DskipTests package}:
 *
 * <pre>flock /tmp/bench.lock java -cp target/realtime-hub.jar bench/proxies/ProxyBench.java [conns] [rpcClients] [rpcCalls]</pre>
 *
 * The backend (HTTP server and event-bus consumer answering connect and rpc at once) runs in a second JVM that
 * joins the hub's Hazelcast cluster, so an event-bus call crosses the cluster as it would to a JVM service. The hub
 * and the load generator share this JVM and the machine's cores: figures are lower bounds, the ratios between the
 * three connect paths and the two rpc transports, measured in the same run, are the point. Bounded: a few thousand
 * connections and rpc calls, every wait has a deadline, and everything stops by itself. Each hub first gets
 * {@link #WARM_UP} unrecorded connects of each kind and rpc calls.
 */
public final class ProxyBench {

  static final String SECRET = "bench-proxy-secret-0123456789abcdef";
  static final String ADDRESS = "bench.proxy";
  static final int CONCURRENT_CONNECTS = 64;
  static final int WARM_UP = 400;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("backend")) {
      backend(args[1], Integer.parseInt(args[2]));
      return;
    }
    int conns = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rpcClients = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int rpcCalls = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    String cluster = "proxy-bench-" + Long.toHexString(System.nanoTime());
    int httpPort = 20000 + (int) (System.nanoTime() % 20000);
    Process backend = new ProcessBuilder("java", "-Xmx256m", "-Dhazelcast.phone.home.enabled=false",
        "-cp", System.getProperty("java.class.path"), "bench/proxies/ProxyBench.java", "backend", cluster,
        String.valueOf(httpPort)).redirectErrorStream(true).start();
    Runtime.getRuntime().addShutdownHook(new Thread(backend::destroyForcibly));
    try {
      awaitReady(backend);
      System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
      List<String> rows = new ArrayList<>();
      for (String via : List.of("http", "eventbus")) {
        HubNode hub = HubNode.start(HubConfig.fromJson(hubConfig(cluster, via, httpPort)))
            .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        try {
          Vertx load = Vertx.vertx();
          try {
            // Warm-up, not recorded: the first few hundred connects and calls of a JVM measure the JIT.
            connects(load, hub.port(), WARM_UP, true, "warm-up");
            connects(load, hub.port(), WARM_UP, false, "warm-up");
            rpcs(load, hub.port(), 4, WARM_UP / 4, "warm-up");
            if (via.equals("http")) {
              rows.add(connects(load, hub.port(), conns, true, "JWT (no proxy)"));
            }
            rows.add(connects(load, hub.port(), conns, false, via + " connect proxy"));
            rows.add(rpcs(load, hub.port(), rpcClients, rpcCalls, via + " rpc proxy"));
          } finally {
            load.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
          }
        } finally {
          hub.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      }
      System.out.println("| what | n | per second | p50 ms | p99 ms | max ms | failed |");
      System.out.println("|---|---|---|---|---|---|---|");
      rows.forEach(System.out::println);
      System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
    } finally {
      backend.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  static JsonObject hubConfig(String cluster, String via, int httpPort) {
    String base = "http://127.0.0.1:" + httpPort + "/";
    JsonObject proxies = new JsonObject();
    for (String kind : List.of("connect", "rpc")) {
      proxies.put(kind, new JsonObject().put("endpoint", via.equals("http") ? base + kind : "eventbus:" + ADDRESS));
    }
    return new JsonObject()
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("pubSecKeys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("buffer", SECRET)))))
        .put("api", new JsonObject().put("keys", new JsonArray().add("bench-proxy-api-key-0123456789")))
        .put("client", new JsonObject().put("connectProxy", "connect").put("rpcProxy", "rpc")
            .put("maxCommandsPerSecond", 100_000))
        .put("proxies", proxies)
        .put("cluster", new JsonObject().put("enabled", true).put("name", cluster));
  }

  /** {@code n} connections, {@link #CONCURRENT_CONNECTS} at a time, each timed from socket open to connect reply. */
  static String connects(Vertx vertx, int port, int n, boolean jwt, String label) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 16));
    long[] micros = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<WebSocket> open = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> all = new CompletableFuture<>();
    long start = System.nanoTime();
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= n) {
        return;
      }
      long t0 = System.nanoTime();
      connectOne(client, port, jwt ? token("u" + i) : null).onComplete(ar -> {
        if (ar.succeeded()) {
          micros[i] = (System.nanoTime() - t0) / 1000;
          open.add(ar.result());
        } else {
          micros[i] = -1;
          failed.incrementAndGet();
        }
        if (done.incrementAndGet() == n) {
          all.complete(null);
        } else {
          launch[0].run();
        }
      });
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < Math.min(CONCURRENT_CONNECTS, n); k++) {
        launch[0].run();
      }
    });
    all.get(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    for (WebSocket ws : open) {
      ws.close();
    }
    Thread.sleep(2_000); // let the hub release them before the next phase
    client.close();
    return row(label + " connect", n, (n - failed.get()) / seconds, micros, failed.get());
  }

  static Future<WebSocket> connectOne(WebSocketClient client, int port, String token) {
    Promise<WebSocket> connected = Promise.promise();
    // No Origin header: the load generator is not a browser page (the hub lets such requests through).
    client.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI("/connection/websocket")
        .setAllowOriginHeader(false)).onFailure(connected::tryFail).onSuccess(ws -> {
      ws.textMessageHandler(text -> {
        if (text.equals("{}")) {
          ws.writeTextMessage("{}"); // a ping: pong
          return;
        }
        JsonObject reply = new JsonObject(text.split("\n")[0]);
        if (reply.containsKey("connect")) {
          connected.tryComplete(ws);
        } else {
          connected.tryFail(reply.encode());
          ws.close();
        }
      });
      JsonObject params = token == null ? new JsonObject() : new JsonObject().put("token", token);
      ws.writeTextMessage(new JsonObject().put("id", 1).put("connect", params).encode());
    });
    return connected.future();
  }

  /** {@code clients} connected sessions, each making {@code calls} rpc calls one after the other. */
  static String rpcs(Vertx vertx, int port, int clients, int calls, String label) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 4));
    long[] micros = new long[clients * calls];
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<WebSocket>> sessions = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      CompletableFuture<WebSocket> f = new CompletableFuture<>();
      int id = c;
      vertx.runOnContext(v -> connectOne(client, port, token("rpc" + id)).onComplete(ar -> {
        if (ar.succeeded()) {
          f.complete(ar.result());
        } else {
          f.completeExceptionally(ar.cause());
        }
      }));
      sessions.add(f);
    }
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      WebSocket ws = sessions.get(c).get(60, TimeUnit.SECONDS);
      CompletableFuture<Void> run = new CompletableFuture<>();
      runs.add(run);
      int base = c * calls;
      long[] sentAt = new long[1];
      AtomicInteger k = new AtomicInteger();
      Runnable[] send = new Runnable[1];
      send[0] = () -> {
        sentAt[0] = System.nanoTime();
        ws.writeTextMessage(new JsonObject().put("id", k.get() + 2).put("rpc", new JsonObject().put("method", "echo")
            .put("data", new JsonObject().put("n", k.get()))).encode());
      };
      ws.textMessageHandler(text -> {
        if (text.equals("{}")) {
          ws.writeTextMessage("{}"); // a ping: pong
          return;
        }
        JsonObject reply = new JsonObject(text.split("\n")[0]);
        int i = k.getAndIncrement();
        micros[base + i] = reply.containsKey("rpc") ? (System.nanoTime() - sentAt[0]) / 1000 : -1;
        if (!reply.containsKey("rpc")) {
          failed.incrementAndGet();
        }
        if (i + 1 == calls) {
          ws.close();
          run.complete(null);
        } else {
          send[0].run();
        }
      });
      vertx.runOnContext(v -> send[0].run());
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    client.close();
    Thread.sleep(1_000);
    return row(label + " round trip (" + clients + " clients in parallel)", micros.length,
        (micros.length - failed.get()) / seconds, micros, failed.get());
  }

  static String row(String label, int n, double perSecond, long[] micros, int failed) {
    long[] ok = Arrays.stream(micros).filter(m -> m >= 0).sorted().toArray();
    return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |", label, n, perSecond,
        pct(ok, 0.50), pct(ok, 0.99), ok.length == 0 ? Double.NaN : ok[ok.length - 1] / 1000.0, failed);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1000.0;
  }

  static String token(String user) {
    String head = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode());
    String body = b64(new JsonObject().put("sub", user).put("exp", System.currentTimeMillis() / 1000 + 3600).encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((head + "." + body).getBytes(StandardCharsets.UTF_8));
      return head + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static void awaitReady(Process backend) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(backend.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("READY")) {
            ready.complete(null);
          } else if (!ready.isDone() && line.contains("Exception")) {
            System.err.println("backend: " + line);
          }
        }
      } catch (Exception ignored) {
        // the backend was stopped
      }
      ready.completeExceptionally(new IllegalStateException("the backend exited before it was ready"));
    });
    reader.setDaemon(true);
    reader.start();
    ready.get(120, TimeUnit.SECONDS);
  }

  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "?";
    }
  }

  /** The backend JVM: answers connect with a user and rpc with its data, over HTTP and on the clustered bus. */
  static void backend(String cluster, int httpPort) throws Exception {
    HubConfig config = HubConfig.fromJson(hubConfig(cluster, "eventbus", httpPort));
    Vertx vertx = Vertx.builder().withClusterManager(HazelcastSetup.clusterManager(config.cluster(),
        StreamSerialization::configure)).buildClustered().toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    AtomicInteger users = new AtomicInteger();
    vertx.eventBus().<JsonObject>consumer(ADDRESS, msg -> msg.reply(answer(msg.headers().get("hub-proxy-kind"),
        msg.body(), users))).completion().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String kind = req.path().substring(1);
      req.response().putHeader("content-type", "application/json")
          .end(answer(kind, body.toJsonObject(), users).encode());
    })).listen(httpPort, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(TimeUnit.MINUTES.toMillis(30)); // bounded: the bench kills it long before
    System.exit(0);
  }

  static JsonObject answer(String kind, JsonObject request, AtomicInteger users) {
    if ("connect".equals(kind)) {
      return new JsonObject().put("result", new JsonObject().put("user", "p" + users.incrementAndGet()));
    }
    return new JsonObject().put("result", new JsonObject().put("data", request.getValue("data")));
  }
}
