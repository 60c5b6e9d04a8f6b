package bench.target;

import bench.probe.HttpProbe;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, running in its own process on a free loopback port: the hub jar, the bare
 * Vert.x peer from the bench jar, or a Node peer. {@link #close()} stops it (SIGTERM, then kill), so a
 * scenario's try-with-resources never leaves a server behind.
 */
public final class ServerProcess implements AutoCloseable {
  private static final long READY_TIMEOUT_MS = 90_000;

  private final Target target;
  private final int port;
  private final Process process;
  private final Path log;

  private ServerProcess(Target target, int port, Process process, Path log) {
    this.target = target;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts a single server of {@code target} and waits until it answers its readiness path. */
  public static ServerProcess start(Target target, Paths paths, List<String> jvmFlags, int pingMs, int pongMs)
      throws IOException, InterruptedException {
    return start(target, paths, jvmFlags, pingMs, pongMs, HubVariant.NONE);
  }

  /** As above; a hub {@code variant} changes its config, JVM flags or JDK (ignored for the peers). */
  public static ServerProcess start(Target target, Paths paths, List<String> jvmFlags, int pingMs, int pongMs,
                                   HubVariant variant) throws IOException, InterruptedException {
    int port = freePort();
    Path logDir = Files.createDirectories(paths.logDir());
    List<String> cmd = new ArrayList<>();
    switch (target) {
      case HUB -> {
        Path conf = HubConfigFile.write(logDir, "hub-" + port + ".json",
            HubConfigFile.json(port, pingMs, pongMs, null, null, "bench-hub").mergeIn(variant.config(), true));
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.addAll(variant.jvmFlags());
        cmd.addAll(java(flags));
        if (variant.java() != null) cmd.set(0, variant.java());
        cmd.addAll(List.of("-jar", (variant.jar() != null ? variant.jar() : paths.hubJar()).toString(), "-conf", conf.toString()));
      }
      case VERTX -> {
        cmd.addAll(java(jvmFlags));
        cmd.addAll(List.of("-cp", paths.benchJar().toString(), "bench.peers.vertx.BareVertxPeer", String.valueOf(port)));
      }
      case SOCKETIO -> cmd.addAll(List.of("node", "--expose-gc", paths.peersDir().resolve("socketio-server.js").toString(),
          String.valueOf(port)));
      case WS -> cmd.addAll(List.of("node", "--expose-gc", paths.peersDir().resolve("ws-server.js").toString(),
          String.valueOf(port)));
    }
    return launch(target, port, cmd, logDir.resolve(target.label() + "-" + port + ".log"), paths.peersDir());
  }

  /** Starts one member of a hub cluster; {@link #awaitReady()} waits for it to join. */
  public static ServerProcess startHubNode(Paths paths, List<String> jvmFlags, int pingMs, int pongMs,
                                           String clusterName, String nodeName) throws IOException {
    return startHubNode(paths, jvmFlags, pingMs, pongMs, clusterName, nodeName, new io.vertx.core.json.JsonObject());
  }

  /** As above, with {@code extra} merged into the node's config (the soak's proxy and presence). */
  public static ServerProcess startHubNode(Paths paths, List<String> jvmFlags, int pingMs, int pongMs,
                                           String clusterName, String nodeName, io.vertx.core.json.JsonObject extra)
      throws IOException {
    int port = freePort();
    Path logDir = Files.createDirectories(paths.logDir());
    Path clusterXml = paths.hubJar().getParent().getParent().resolve("cluster.xml");
    Path conf = HubConfigFile.write(logDir, nodeName + "-" + port + ".json",
        HubConfigFile.json(port, pingMs, pongMs, clusterName, clusterXml, nodeName).mergeIn(extra, true));
    List<String> cmd = new ArrayList<>(java(jvmFlags));
    cmd.addAll(List.of("-jar", paths.hubJar().toString(), "-conf", conf.toString()));
    Path log = logDir.resolve(nodeName + "-" + port + ".log");
    Process p = new ProcessBuilder(cmd).directory(clusterXml.getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServerProcess(Target.HUB, port, p, log);
  }

  private static ServerProcess launch(Target target, int port, List<String> cmd, Path log, Path workDir)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServerProcess server = new ServerProcess(target, port, p, log);
    server.awaitReady();
    return server;
  }

  /** Blocks until the readiness path answers 200; fails with the log's tail if the server dies or stalls. */
  public void awaitReady() throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) throw new IOException(target.label() + " exited during start-up: " + tail());
      if (HttpProbe.status(port, target.readyPath()) == 200) return;
      Thread.sleep(100);
    }
    close();
    throw new IOException(target.label() + " not ready within " + READY_TIMEOUT_MS + " ms: " + tail());
  }

  private static List<String> java(List<String> jvmFlags) {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + "/bin/java");
    cmd.addAll(jvmFlags);
    return cmd;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public Target target() {
    return target;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the server's output, for error messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  /** SIGTERM and return at once: the node drains (close 3001) while the caller watches its clients move. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to end; true when it did within {@code seconds}. */
  public boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** SIGKILL without any clean-up: what a crashed node looks like to the rest of a cluster. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
