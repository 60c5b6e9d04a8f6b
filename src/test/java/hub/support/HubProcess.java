package hub.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hub node in its own JVM, started from the packaged jar, for tests that need a real {@code kill -9} or a real
 * SIGTERM. Output goes to a file under target/ that the failure message points at.
 */
public final class HubProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target", "realtime-hub.jar");

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private HubProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts {@code java -jar target/realtime-hub.jar -conf <config>} with the test config merged with overrides. */
  public static HubProcess start(String name, JsonObject overrides) {
    return start(name, overrides, List.of());
  }

  /** As {@link #start(String, JsonObject)}, with extra JVM options before {@code -jar}. */
  public static HubProcess start(String name, JsonObject overrides, List<String> jvmOptions) {
    try {
      int port = freePort();
      JsonObject config = TestHub.config(overrides);
      config.getJsonObject("http").put("port", port).put("eventLoops", 1);
      config.getJsonObject("node").put("name", name);
      Path dir = Files.createDirectories(Path.of("target", "hub-processes"));
      Path conf = dir.resolve(name + "-" + port + ".json");
      Files.writeString(conf, config.encodePrettily());
      Path log = dir.resolve(name + "-" + port + ".log");
      List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx256m"));
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-jar", JAR.toString(), "-conf", conf.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new HubProcess(p, port, log);
    } catch (IOException e) {
      throw new AssertionError("cannot start hub process: " + e, e);
    }
  }

  /** How a short-lived run of the jar ended: exit code and the lines it wrote to each stream. */
  public record Run(int exitCode, List<String> stdout, List<String> stderr) {
  }

  /** Runs {@code java -jar target/realtime-hub.jar ARGS} to completion (a command that is expected to end). */
  public static Run run(Duration timeout, String... args) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "hub-processes"));
      Path out = Files.createTempFile(dir, "run-", ".out");
      Path err = Files.createTempFile(dir, "run-", ".err");
      List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx128m", "-jar", JAR.toString()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("jar " + List.of(args) + " still running after " + timeout.toMillis() + " ms");
      }
      return new Run(p.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot run the jar: " + e, e);
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public void awaitReady(Duration timeout) {
    Await.until("node on port " + port + " ready (log: " + log + ")", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("hub process exited with " + process.exitValue() + "; log: " + log);
      }
      return status("/ready") == 200;
    });
  }

  public int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The {@code result} of an API call; anything but HTTP 200 with a result fails. */
  public JsonObject api(String method, JsonObject body) {
    try {
      HttpResponse<String> r = post(method, body);
      JsonObject answer = r.statusCode() == 200 ? new JsonObject(r.body()) : null;
      if (answer == null || !answer.containsKey("result")) {
        throw new AssertionError("API " + method + " on " + port + " answered " + r.statusCode() + ": " + r.body());
      }
      return answer.getJsonObject("result");
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("API " + method + " on " + port + " failed: " + e, e);
    }
  }

  /** POST /api/METHOD with the test key, as it comes back. */
  public HttpResponse<String> post(String method, JsonObject body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + method))
        .timeout(Duration.ofSeconds(10)).header("X-API-Key", TestHub.API_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The value of an untagged series in this node's {@code /metrics} (Prometheus text), or NaN when the node does
   * not answer or has no such series.
   */
  public double metric(String series) {
    try {
      String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
      return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
          .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(Double.NaN);
    } catch (IOException | InterruptedException | NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** {@code kill -9}: no drain, no goodbye to the cluster. */
  public void kill() {
    process.destroyForcibly();
    waitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM; returns the exit code. */
  public int terminate(Duration timeout) {
    process.destroy();
    return waitExit(timeout);
  }

  private int waitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("hub process did not exit within " + timeout.toMillis() + " ms; log: " + log);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** The value of a HotSpot flag in the running process, as {@code jcmd PID VM.flags -all} reports it. */
  public String vmFlag(String flag) {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(pid()), "VM.flags", "-all").redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        throw new AssertionError("jcmd did not finish");
      }
      // lines such as "   uintx MaxHeapFreeRatio                         = 20                 {manageable} {management}"
      return out.lines().map(String::trim).filter(l -> l.matches("\\S+\\s+" + flag + "\\s+:?=.*"))
          .map(l -> l.replaceFirst("^\\S+\\s+" + flag + "\\s+:?=\\s*(\\S+).*$", "$1"))
          .findFirst().orElseThrow(() -> new AssertionError(flag + " not in jcmd output: " + out));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError("cannot run jcmd: " + e, e);
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
