package bench.scenario;

import bench.load.ClientFleet;
import bench.load.SourceAddresses;
import bench.probe.ProcStat;
import bench.target.HubCluster;
import bench.target.Paths;
import bench.target.ServerProcess;
import bench.target.Target;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a scenario needs from the run around it: where things are, the orchestrator's own
 * Vert.x (for the publisher), source addresses, and the load gate that waits for a quiet machine.
 */
public final class RunContext {
  /** Server JVM flags, the same for the hub and the bare Vert.x peer so their memory compares. */
  public static final List<String> SERVER_JVM_FLAGS = List.of("-XX:+UseG1GC", "-Xmx4g");
  /** The hub's default heartbeat, used everywhere but the churn soak. */
  public static final int DEFAULT_PING_MS = 25_000;
  public static final int DEFAULT_PONG_MS = 8_000;

  private final Paths paths;
  private final Vertx vertx;
  private final SourceAddresses addresses = new SourceAddresses();
  private final Path logDir;
  private final double maxLoad;
  private final int maxPerProcess;
  private final List<String> serverJvmFlags;
  private final long maxWaitSeconds;
  private final List<String> gateLog = new java.util.ArrayList<>();
  private ClientFleet.Driver driver = ClientFleet.Driver.JAVA;

  public RunContext(Paths paths, Vertx vertx, Path logDir, double maxLoad, int maxPerProcess, List<String> extraServerFlags,
                    long maxWaitSeconds) throws IOException {
    this.maxWaitSeconds = maxWaitSeconds;
    this.paths = paths;
    this.vertx = vertx;
    this.logDir = Files.createDirectories(logDir);
    this.maxLoad = maxLoad;
    this.maxPerProcess = maxPerProcess;
    this.serverJvmFlags = new java.util.ArrayList<>(SERVER_JVM_FLAGS);
    if (extraServerFlags.stream().anyMatch(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"))) {
      // The extra flags choose the collector (a JVM refuses two); they replace the default one, for both JVMs.
      this.serverJvmFlags.removeIf(f -> f.startsWith("-XX:+Use") && f.endsWith("GC"));
    }
    this.serverJvmFlags.addAll(extraServerFlags);
  }

  public Paths paths() {
    return paths;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Path logDir() {
    return logDir;
  }

  public ServerProcess startServer(Target target, int pingMs, int pongMs) throws IOException, InterruptedException {
    return startServer(target, pingMs, pongMs, bench.target.HubVariant.NONE);
  }

  public ServerProcess startServer(Target target, int pingMs, int pongMs, bench.target.HubVariant variant)
      throws IOException, InterruptedException {
    if (target == Target.HUB) paths.requireHubJar();
    return ServerProcess.start(target, paths, serverJvmFlags, pingMs, pongMs, variant);
  }

  /** A cluster of {@code size} hub nodes under a cluster name of its own. */
  public HubCluster startCluster(int size, int pingMs, int pongMs) throws IOException, InterruptedException {
    return HubCluster.start(paths, serverJvmFlags, size, pingMs, pongMs);
  }

  /** As above, with {@code extra} merged into every node's config. */
  public HubCluster startCluster(int size, int pingMs, int pongMs, io.vertx.core.json.JsonObject extra)
      throws IOException, InterruptedException {
    return HubCluster.start(paths, serverJvmFlags, size, pingMs, pongMs, extra);
  }

  public List<String> serverJvmFlags() {
    return serverJvmFlags;
  }

  public ClientFleet fleet(ServerProcess server) {
    return new ClientFleet(server.target(), server.port(), paths, addresses, maxPerProcess, logDir, driver);
  }

  /** The load client every fleet of this run uses ({@code --driver java|node}). */
  public void driver(ClientFleet.Driver chosen) {
    this.driver = chosen;
  }

  public ClientFleet.Driver driver() {
    return driver;
  }

  /** Clients speaking {@code wire} instead of the target's own adapter (a hub format or transport). */
  public ClientFleet fleet(ServerProcess server, String wire) {
    return new ClientFleet(server.target(), wire, server.port(), paths, addresses, maxPerProcess, logDir);
  }

  public SourceAddresses addresses() {
    return addresses;
  }

  /**
   * Waits (at most --max-wait seconds) until the 1-minute load average is at or below the limit,
   * because other builds may share the 2 cores. Records, for the report, what ran, the load
   * averages when it started and how long it waited.
   */
  public String awaitQuietMachine(String what) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + maxWaitSeconds * 1_000_000_000L;
    while (ProcStat.loadAverage1() > maxLoad && System.nanoTime() < deadline) {
      System.err.printf("%s: load average %s above %.2f: waiting%n", what, ProcStat.loadAverages(), maxLoad);
      Thread.sleep(10_000);
    }
    String load = ProcStat.loadAverages();
    long waited = (System.nanoTime() - start) / 1_000_000_000L;
    boolean quiet = ProcStat.loadAverage1() <= maxLoad;
    gateLog.add(what + ": started at load " + load + " after waiting " + waited + " s"
        + (quiet ? "" : " (NOT quiet: gave up waiting; figures may be depressed by other work)"));
    return load;
  }

  public List<String> gateLog() {
    return gateLog;
  }
}
