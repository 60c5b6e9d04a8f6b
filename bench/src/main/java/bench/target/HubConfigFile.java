package bench.target;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hub configuration of a benchmark run: loopback only, a throwaway secret and API key that the
 * load clients and the publisher share, the heartbeat the scenario asks for, and the {@code bench}
 * namespace the scenarios' channels live in. Nothing here is a production setting.
 */
public final class HubConfigFile {
  /** HS256 secret the load clients sign their connection tokens with. */
  public static final String JWT_SECRET = "bench-only-secret-not-for-any-real-deployment";
  public static final String API_KEY = "bench-only-api-key";
  /** Leaves headroom under the process's ~19,980 file descriptors for the hub's own files and sockets. */
  static final int MAX_CONNECTIONS = 19_500;
  /**
   * The stream benchmarks' namespace: the {@code bench} namespace plus history and forced recovery, so the same run
   * with and without history differs only in the channel's namespace. 100 publications for 5 minutes is the
   * shipped example's {@code chat} namespace.
   */
  public static final String HISTORY_NAMESPACE = "hist";
  public static final int HISTORY_SIZE = 100;
  public static final int HISTORY_TTL_MS = 300_000;

  private HubConfigFile() {}

  /** A single node, or one member of cluster {@code clusterName} when that is not null. */
  public static JsonObject json(int port, int pingMs, int pongMs, String clusterName, Path clusterXml, String nodeName) {
    JsonObject conf = new JsonObject()
        .put("node", new JsonObject().put("name", nodeName))
        // The load generators open every connection from a handful of loopback addresses, thousands at once
        // during a ramp: the per-address cap on waiting connections (256 by default) would refuse most of them,
        // and the node-wide one (4096) could cut a burst on a loaded machine.
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", port)
            .put("maxPendingPerAddress", MAX_CONNECTIONS).put("maxPending", MAX_CONNECTIONS))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("pubSecKeys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("buffer", JWT_SECRET)))))
        .put("api", new JsonObject().put("keys", new JsonArray().add(API_KEY)))
        .put("client", new JsonObject()
            .put("pingIntervalMs", pingMs)
            .put("pongTimeoutMs", pongMs)
            .put("maxConnections", MAX_CONNECTIONS))
        .put("channels", new JsonObject().put("namespaces", new JsonObject()
            .put("bench", new JsonObject().put("allowSubscribe", true).put("allowPublish", false))
            .put(HISTORY_NAMESPACE, new JsonObject().put("allowSubscribe", true).put("allowPublish", false)
                .put("historySize", HISTORY_SIZE).put("historyTtlMs", HISTORY_TTL_MS).put("forceRecovery", true))))
        .put("shutdown", new JsonObject().put("drainWindowMs", 0));
    if (clusterName != null) {
      conf.put("cluster", new JsonObject().put("enabled", true).put("name", clusterName)
          .put("configFile", clusterXml.toString()));
    }
    return conf;
  }

  public static Path write(Path dir, String fileName, JsonObject conf) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName);
    Files.writeString(file, conf.encodePrettily());
    return file;
  }
}
