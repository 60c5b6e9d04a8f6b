package hub.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The only place that reads configuration files. Sources, in order: the given file, else {@code conf/hub.json} in
 * the working directory, else the copy of it packed into the jar; then the settings orchestrators provide (a mounted
 * directory, environment variables, system properties: {@link ConfigSources}); then {@code --key.path=value}
 * overrides from the command line. The result goes through {@link HubConfig#fromJson(JsonObject)}. Stateless; called from the main
 * thread during start-up.
 */
public final class ConfigLoader {

  public static final String DEFAULT_FILE = "conf/hub.json";
  private static final String EMBEDDED = "/conf/hub.json";

  private ConfigLoader() {
  }

  /**
   * @param file      explicit {@code -conf} file, or null
   * @param overrides dotted key path to raw value; the value is read as JSON when it parses, else as a string
   */
  public static HubConfig load(Path file, Map<String, String> overrides) {
    return load(file, overrides, System.getenv(), System.getProperties());
  }

  /**
   * As {@link #load(Path, Map)}, with the environment and system properties given: the file, then the settings of
   * {@link ConfigSources} (directory, environment, system properties), then the command line, each over the last.
   */
  public static HubConfig load(Path file, Map<String, String> overrides, Map<String, String> env,
                               Properties system) {
    List<ConfigSources.Setting> settings = settings(overrides, env, system);
    try {
      return HubConfig.fromJson(apply(file, settings));
    } catch (ConfigException e) {
      throw ConfigSources.attribute(e, settings);
    }
  }

  /** The configuration as JSON, every source applied, before it is checked. */
  public static JsonObject loadJson(Path file, Map<String, String> overrides) {
    return loadJson(file, overrides, System.getenv(), System.getProperties());
  }

  /** As {@link #loadJson(Path, Map)}, with the environment and system properties given. */
  public static JsonObject loadJson(Path file, Map<String, String> overrides, Map<String, String> env,
                                    Properties system) {
    List<ConfigSources.Setting> settings = settings(overrides, env, system);
    try {
      return apply(file, settings);
    } catch (ConfigException e) {
      throw ConfigSources.attribute(e, settings);
    }
  }

  private static List<ConfigSources.Setting> settings(Map<String, String> overrides, Map<String, String> env,
                                                      Properties system) {
    List<ConfigSources.Setting> settings = new ArrayList<>(ConfigSources.collect(env, system));
    overrides.forEach((path, value) -> settings.add(new ConfigSources.Setting(path, value, null)));
    return settings;
  }

  private static JsonObject apply(Path file, List<ConfigSources.Setting> settings) {
    JsonObject json = file != null ? readFile(file) : readDefault();
    settings.forEach(s -> set(json, s.path(), s.raw()));
    return json;
  }

  public static JsonObject readFile(Path file) {
    // Checked first because the JDK's messages for these are just the file name again ("missing.json: missing.json").
    if (!Files.exists(file)) {
      throw new ConfigException("", "config file " + file + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new ConfigException("", "config file " + file + " is a directory");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (AccessDeniedException e) {
      throw new ConfigException("", "config file " + file + " is not readable (permission denied)");
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("", "cannot read config file " + file + ": " + e);
    }
    return parse(text, file.toString());
  }

  private static JsonObject readDefault() {
    Path local = Path.of(DEFAULT_FILE);
    if (Files.isRegularFile(local)) {
      return readFile(local);
    }
    try (InputStream in = ConfigLoader.class.getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        return new JsonObject();
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "embedded " + DEFAULT_FILE);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read embedded " + DEFAULT_FILE + ": " + e.getMessage());
    }
  }

  private static JsonObject parse(String text, String source) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      String why = e.getMessage() == null ? "not a JSON object" : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException("", source + " is not a valid JSON object: " + why);
    }
  }

  private static void set(JsonObject root, String path, String raw) {
    String[] parts = path.split("\\.");
    JsonObject target = root;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = target.getValue(parts[i]);
      if (next == null) {
        next = new JsonObject();
        target.put(parts[i], next);
      }
      if (!(next instanceof JsonObject obj)) {
        throw new ConfigException(path, "cannot override below a non-object value");
      }
      target = obj;
    }
    Object value;
    try {
      value = Json.decodeValue(raw);
    } catch (DecodeException e) {
      value = raw;
    }
    target.put(parts[parts.length - 1], value);
  }
}
