package hub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The places besides the config file where orchestrators put settings, above all secrets: a directory of files (a
 * mounted Kubernetes Secret or Docker secret), environment variables and system properties. Each yields
 * {@link Setting}s (a dotted key path, its raw text and where it came from) that {@link ConfigLoader} lays over the
 * file in this order, later winning: directory, environment, system properties, command line. Nothing here keeps or
 * prints a value, only key paths and source names, because these values are the secrets. Stateless; start-up only.
 */
public final class ConfigSources {

  /** {@code HUB__client__pingIntervalMs=30000}: the double underscore separates path segments, case is kept. */
  public static final String ENV_PREFIX = "HUB__";
  /** {@code -Dhub.client.pingIntervalMs=30000}. */
  public static final String SYSTEM_PREFIX = "hub.";
  /** Names a directory whose regular files are settings: file name = dotted key path, content = value. */
  public static final String DIR_VARIABLE = "HUB_CONFIG_DIR";

  /**
   * One setting from outside the file; {@code source} names where it came from, never what it holds (null for the
   * command line, whose {@code --key.path} is the path itself).
   */
  public record Setting(String path, String raw, String source) {
  }

  private ConfigSources() {
  }

  /** Everything the environment and system properties set, in the order it is applied. */
  public static List<Setting> collect(Map<String, String> env, Properties system) {
    List<Setting> out = new ArrayList<>();
    String dir = env.get(DIR_VARIABLE);
    if (dir != null && !dir.isBlank()) {
      out.addAll(fromDirectory(Path.of(dir)));
    }
    out.addAll(fromEnvironment(env));
    out.addAll(fromSystemProperties(system));
    return out;
  }

  static List<Setting> fromEnvironment(Map<String, String> env) {
    List<Setting> out = new ArrayList<>();
    // Sorted so that the first bad one reported is the same on every start.
    new TreeMap<>(env).forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX)) {
        String path = name.substring(ENV_PREFIX.length()).replace("__", ".");
        out.add(new Setting(checked(path, "environment variable " + name), value, "environment variable " + name));
      }
    });
    return out;
  }

  static List<Setting> fromSystemProperties(Properties system) {
    List<Setting> out = new ArrayList<>();
    new TreeMap<>(Map.copyOf(system)).forEach((k, v) -> {
      String name = String.valueOf(k);
      if (name.startsWith(SYSTEM_PREFIX)) {
        String path = name.substring(SYSTEM_PREFIX.length());
        out.add(new Setting(checked(path, "system property " + name), String.valueOf(v), "system property " + name));
      }
    });
    return out;
  }

  /**
   * Regular files of {@code dir}, by name. Names starting with a dot are skipped: a Kubernetes Secret volume holds
   * {@code ..data} and timestamped directories beside the symlinks that carry the keys. One trailing newline is
   * dropped, since {@code echo secret > file} and most editors add it.
   */
  static List<Setting> fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException("", DIR_VARIABLE + " " + dir + " is not a directory");
    }
    TreeMap<String, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(p)) {
          files.put(name, p);
        }
      }
    } catch (IOException e) {
      throw new ConfigException("", "cannot list " + DIR_VARIABLE + " " + dir + ": " + e.getClass().getSimpleName());
    }
    List<Setting> out = new ArrayList<>();
    files.forEach((name, p) -> {
      String source = "file " + p;
      out.add(new Setting(checked(name, source), read(p, source), source));
    });
    return out;
  }

  private static String read(Path p, String source) {
    try {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      if (text.endsWith("\r\n")) {
        return text.substring(0, text.length() - 2);
      }
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (AccessDeniedException e) {
      throw new ConfigException("", source + " is not readable (permission denied)");
    } catch (IOException | RuntimeException e) {
      // The exception text could quote bytes of the file (a malformed-input message): name only its type.
      throw new ConfigException("", "cannot read " + source + ": " + e.getClass().getSimpleName());
    }
  }

  private static String checked(String path, String source) {
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw new ConfigException(path, "not a key path (from " + source + ")");
    }
    return path;
  }

  /**
   * The error again, naming the setting that caused it, if one did: a typo in an environment variable must point at
   * that variable, not at a key the file never had. The value is never quoted.
   */
  public static ConfigException attribute(ConfigException e, List<Setting> settings) {
    String path = e.path();
    for (int i = settings.size() - 1; i >= 0; i--) {
      Setting s = settings.get(i);
      if (s.source() == null) {
        continue; // the command line: its --key.path is the path the error names already
      }
      if (path.equals(s.path()) || path.startsWith(s.path() + ".") || path.startsWith(s.path() + "[")) {
        return new ConfigException(path, problemOf(e) + " (set by " + s.source() + ")");
      }
    }
    return e;
  }

  private static String problemOf(ConfigException e) {
    String m = e.getMessage();
    return e.path().isEmpty() ? m : m.substring(e.path().length() + 2);
  }
}
