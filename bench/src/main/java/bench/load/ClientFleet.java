package bench.load;

import bench.client.LoadStats;
import bench.target.HubConfigFile;
import bench.target.Paths;
import bench.target.Target;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client processes of one run. Connections are spread so no process holds more than
 * {@code maxPerProcess} sockets (the fd limit is ~19,980 per process); each process binds its own
 * source address. Commands are sent to all processes first and the replies gathered after, so the
 * processes work in parallel.
 */
public final class ClientFleet implements AutoCloseable {
  /** Client JVMs are sized for ~18k sockets; ParallelGC keeps their GC cost low and predictable. */
  private static final List<String> CLIENT_JVM_FLAGS = List.of("-Xms256m", "-Xmx2g", "-XX:+UseParallelGC");

  private final Target target;
  private final String wire;
  private final int port;
  private final Paths paths;
  private final SourceAddresses addresses;
  private final int maxPerProcess;
  private final Path logDir;
  private final Driver driver;
  private final List<ClientProcess> processes = new ArrayList<>();
  private final List<Integer> held = new ArrayList<>();
  private int nextIndex;

  /**
   * Which program the client processes run: the Java load generator ({@code bench.client.LoadClientMain}) or the
   * Node.js one ({@code bench/driver/client.js}, the {@code ws} library). Both speak the same line protocol; the Node
   * one has no churn.
   */
  public enum Driver { JAVA, NODE }

  public ClientFleet(Target target, int port, Paths paths, SourceAddresses addresses, int maxPerProcess, Path logDir) {
    this(target, target.wire(), port, paths, addresses, maxPerProcess, logDir, Driver.JAVA);
  }

  /** @param wire the clients' adapter ({@code bench.client.WireAdapter#forName}), when not the target's own */
  public ClientFleet(Target target, String wire, int port, Paths paths, SourceAddresses addresses, int maxPerProcess,
                     Path logDir) {
    this(target, wire, port, paths, addresses, maxPerProcess, logDir, Driver.JAVA);
  }

  public ClientFleet(Target target, int port, Paths paths, SourceAddresses addresses, int maxPerProcess, Path logDir,
                     Driver driver) {
    this(target, target.wire(), port, paths, addresses, maxPerProcess, logDir, driver);
  }

  public ClientFleet(Target target, String wire, int port, Paths paths, SourceAddresses addresses, int maxPerProcess,
                     Path logDir, Driver driver) {
    this.driver = driver;
    this.target = target;
    this.wire = wire;
    this.port = port;
    this.paths = paths;
    this.addresses = addresses;
    this.maxPerProcess = maxPerProcess;
    this.logDir = logDir;
  }

  /** Result of opening a batch across the fleet. */
  public record ConnectResult(int ok, int failed, double seconds, Histogram connectMicros, Map<String, Integer> errors) {
    public double rate() {
      return ok / seconds;
    }
  }

  /** Deliveries merged over every client process since the last {@link #reset()}. */
  public record Deliveries(long delivered, Histogram latencyMicros, int live, Map<String, Long> closes) {}

  public int processCount() {
    return processes.size();
  }

  public List<Long> pids() {
    return processes.stream().map(ClientProcess::pid).toList();
  }

  public ConnectResult connect(int count, int channels, String prefix) throws IOException, InterruptedException {
    List<ClientProcess> used = new ArrayList<>();
    int remaining = count;
    for (int i = 0; remaining > 0; i++) {
      if (i == processes.size()) spawn(1);
      int room = maxPerProcess - held.get(i);
      if (room <= 0) continue;
      int take = Math.min(room, remaining);
      processes.get(i).send("connect " + take + " " + nextIndex + " " + channels + " " + prefix);
      nextIndex += take;
      held.set(i, held.get(i) + take);
      remaining -= take;
      used.add(processes.get(i));
    }
    long slowestMicros = 0;
    int ok = 0;
    Histogram hist = new Histogram(3);
    Map<String, Integer> errors = new TreeMap<>();
    for (ClientProcess p : used) {
      JsonObject r = p.awaitReply(600);
      if (r.containsKey("error")) throw new IOException("connect failed in " + p.sources() + ": " + r.getString("error"));
      ok += r.getInteger("ok");
      slowestMicros = Math.max(slowestMicros, r.getLong("micros"));
      hist.add(LoadStats.histogram(r.getValue("connectHist")));
      r.getJsonObject("errors").forEach(e -> errors.merge(e.getKey(), ((Number) e.getValue()).intValue(), Integer::sum));
    }
    // processes run in parallel: the batch took as long as its slowest process
    double seconds = slowestMicros / 1e6;
    return new ConnectResult(ok, count - ok, seconds, hist, errors);
  }

  public void reset() throws IOException, InterruptedException {
    broadcast("reset");
  }

  public Deliveries deliveries() throws IOException, InterruptedException {
    long delivered = 0;
    int live = 0;
    Histogram hist = new Histogram(3);
    Map<String, Long> closes = new TreeMap<>();
    for (JsonObject r : broadcast("stats")) {
      delivered += r.getLong("delivered");
      live += r.getInteger("live");
      hist.add(LoadStats.histogram(r.getValue("hist")));
      r.getJsonObject("closes").forEach(e -> closes.merge(e.getKey(), ((Number) e.getValue()).longValue(), Long::sum));
    }
    return new Deliveries(delivered, hist, live, closes);
  }

  /** Ends every live session with {@code clean}, {@code fin} or {@code rst}; returns how many are still open. */
  public int closeAll(String how) throws IOException, InterruptedException {
    int still = 0;
    for (JsonObject r : broadcast("close " + how)) still += r.getInteger("stillLive");
    for (int i = 0; i < held.size(); i++) held.set(i, 0);
    return still;
  }

  /** Starts one churn process bound to {@code sourceCount} addresses and runs the churn command in it. */
  public JsonObject churn(int sourceCount, String args) throws IOException, InterruptedException {
    if (driver != Driver.JAVA) throw new IllegalArgumentException("churn runs on the Java driver only (--driver java)");
    ClientProcess p = spawn(sourceCount);
    p.send("churn " + args);
    JsonObject r = p.awaitReply(24 * 3600);
    if (r.containsKey("error")) throw new IOException("churn failed: " + r.getString("error"));
    return r;
  }

  private List<JsonObject> broadcast(String command) throws IOException, InterruptedException {
    for (ClientProcess p : processes) p.send(command);
    List<JsonObject> replies = new ArrayList<>();
    for (ClientProcess p : processes) replies.add(p.awaitReply(120));
    return replies;
  }

  private ClientProcess spawn(int sourceCount) throws IOException, InterruptedException {
    List<String> src = new ArrayList<>();
    for (int i = 0; i < sourceCount; i++) src.add(addresses.next());
    String sources = String.join(",", src);
    List<String> cmd = new ArrayList<>();
    if (driver == Driver.NODE) {
      cmd.addAll(List.of("node", paths.driverDir().resolve("client.js").toString()));
    } else {
      cmd.add(System.getProperty("java.home") + "/bin/java");
      cmd.addAll(CLIENT_JVM_FLAGS);
      cmd.addAll(List.of("-cp", paths.benchJar().toString(), "bench.client.LoadClientMain"));
    }
    cmd.addAll(List.of(wire, "127.0.0.1", String.valueOf(port), sources, HubConfigFile.JWT_SECRET));
    ClientProcess p = new ClientProcess(cmd, sources, logDir.resolve("client-" + src.get(0) + ".log"));
    JsonObject hello = p.awaitReply(60);
    if (!"ready".equals(hello.getString("event"))) throw new IOException("client did not start: " + hello);
    processes.add(p);
    held.add(0);
    return p;
  }

  @Override
  public void close() {
    for (ClientProcess p : processes) p.close();
    processes.clear();
    held.clear();
  }
}
