package bench.target;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A hub run with something changed, measured in the same run as the default hub and the peers so that the two can be
 * compared side by side: config keys (merged into the bench config), extra JVM flags, another JDK, or another build of
 * the hub (a jar from before a change, to measure the change in one run). Written on the command line as
 * {@code NAME:KEY=VALUE,KEY=VALUE}, several separated by {@code ;}:
 * <pre>
 *   coalesce-off:client.coalesceWrites=false
 *   epoll:http.transport=epoll
 *   periodic-gc:jvm=-XX:G1PeriodicGCInterval=5000
 *   jdk25-coh:java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java,jvm=-XX:+UseCompactObjectHeaders
 *   before:jar=/tmp/realtime-hub-before.jar
 * </pre>
 * A value is read as JSON when it parses as a boolean or a number, else as a string.
 */
public record HubVariant(String name, JsonObject config, List<String> jvmFlags, String java, Path jar) {

  /** The variants of earlier runs, on the run's hub jar. */
  public HubVariant(String name, JsonObject config, List<String> jvmFlags, String java) {
    this(name, config, jvmFlags, java, null);
  }

  /** The default hub: nothing changed. */
  public static final HubVariant NONE = new HubVariant("", new JsonObject(), List.of(), null);

  public String label() {
    return name.isEmpty() ? Target.HUB.label() : Target.HUB.label() + "/" + name;
  }

  public static List<HubVariant> parseAll(String spec) {
    List<HubVariant> out = new ArrayList<>();
    for (String one : spec.split(";")) {
      if (!one.isBlank()) out.add(parse(one.trim()));
    }
    return out;
  }

  static HubVariant parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("hub variant '" + spec + "': expected NAME:KEY=VALUE,...");
    String name = spec.substring(0, colon);
    JsonObject config = new JsonObject();
    List<String> flags = new ArrayList<>();
    String java = null;
    Path jar = null;
    for (String kv : spec.substring(colon + 1).split(",")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("hub variant " + name + ": '" + kv + "' is not KEY=VALUE");
      String key = kv.substring(0, eq).trim();
      String value = kv.substring(eq + 1).trim();
      if (key.equals("jvm")) {
        flags.add(value);
      } else if (key.equals("java")) {
        if (!Files.isExecutable(Path.of(value))) throw new IllegalArgumentException("hub variant " + name + ": no java at " + value);
        java = value;
      } else if (key.equals("jar")) {
        if (!Files.isRegularFile(Path.of(value))) throw new IllegalArgumentException("hub variant " + name + ": no jar at " + value);
        jar = Path.of(value).toAbsolutePath();
      } else {
        put(config, key.split("\\."), typed(value));
      }
    }
    return new HubVariant(name, config, List.copyOf(flags), java, jar);
  }

  private static Object typed(String value) {
    if (value.equals("true") || value.equals("false")) return Boolean.valueOf(value);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException notANumber) {
      return value;
    }
  }

  private static void put(JsonObject root, String[] path, Object value) {
    JsonObject at = root;
    for (int i = 0; i < path.length - 1; i++) {
      JsonObject next = at.getJsonObject(path[i]);
      if (next == null) {
        next = new JsonObject();
        at.put(path[i], next);
      }
      at = next;
    }
    at.put(path[path.length - 1], value);
  }
}
