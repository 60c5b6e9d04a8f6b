package bench.target;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness finds its own jar, the Node peers and the hub jar under test. The bench home
 * comes from {@code -Dbench.home} (set by bench/run and bench/smoke); the hub jar defaults to the
 * repository's {@code target/realtime-hub.jar}, or {@code HUB_JAR} when set.
 */
public record Paths(Path benchJar, Path peersDir, Path hubJar) {

  public static Paths fromSystem() {
    Path home = Path.of(System.getProperty("bench.home", "bench")).toAbsolutePath().normalize();
    String env = System.getenv("HUB_JAR");
    Path hub = env != null && !env.isBlank() ? Path.of(env).toAbsolutePath()
        : home.getParent().resolve("target").resolve("realtime-hub.jar");
    return new Paths(home.resolve("target").resolve("realtime-hub-bench.jar"), home.resolve("peers"), hub);
  }

  /** Fails early with the fix in the message, rather than with a server that never becomes ready. */
  public void requireHubJar() {
    if (!Files.isRegularFile(hubJar)) {
      throw new IllegalArgumentException("hub jar not found at " + hubJar
          + ": build it (mvn -B -q -DskipTests package at the repository root) or pass --hub-jar");
    }
  }

  /** The Node.js load client ({@code bench/driver}), beside the Node peers. */
  public Path driverDir() {
    return peersDir.getParent().resolve("driver");
  }

  /** Server logs of a run go next to the bench jar, outside the results folder. */
  public Path logDir() {
    return benchJar.getParent().resolve("logs");
  }
}
