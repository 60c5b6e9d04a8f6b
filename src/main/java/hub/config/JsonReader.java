package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict, path-aware reader over one JSON object of the configuration. Every accessor records the key it read, and
 * {@link #rejectUnknownKeys()} then fails on anything nobody asked for: a typo in a key must stop start-up, not be
 * silently ignored. Not thread-safe; used once during start-up.
 */
public final class JsonReader {

  private final JsonObject json;
  private final String path;
  private final Set<String> known = new HashSet<>();

  private JsonReader(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  public static JsonReader root(JsonObject json) {
    return new JsonReader(json, "");
  }

  /** Full dotted path of a key below this reader. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public Set<String> keys() {
    return json.fieldNames();
  }

  /** The nested object at {@code key}, or an empty one when absent. */
  public JsonReader object(String key) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonReader(new JsonObject(), pathOf(key));
    }
    if (!(value instanceof JsonObject obj)) {
      throw new ConfigException(pathOf(key), "must be an object");
    }
    return new JsonReader(obj, pathOf(key));
  }

  /** The nested object at {@code key} without interpretation, or null when absent. */
  public JsonObject rawObject(String key) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject obj)) {
      throw new ConfigException(pathOf(key), "must be an object");
    }
    return obj;
  }

  public String string(String key, String defaultValue) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String s)) {
      throw new ConfigException(pathOf(key), "must be a string");
    }
    return s;
  }

  public boolean bool(String key, boolean defaultValue) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean b)) {
      throw new ConfigException(pathOf(key), "must be true or false");
    }
    return b;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    long value = longValue(key, defaultValue, min, max);
    return (int) value;
  }

  public long longValue(String key, long defaultValue, long min, long max) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new ConfigException(pathOf(key), "must be an integer");
    }
    // Compare before narrowing: a BigInteger or a huge double would wrap around into the accepted range.
    if (n.doubleValue() < min || n.doubleValue() > max) {
      throw new ConfigException(pathOf(key), "must be between " + min + " and " + max + " (got " + value + ")");
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw new ConfigException(pathOf(key), "must be between " + min + " and " + max + " (got " + v + ")");
    }
    return v;
  }

  /** A duration given in milliseconds under a {@code ...Ms} key. */
  public Duration millis(String key, Duration defaultValue, long minMs, long maxMs) {
    return Duration.ofMillis(longValue(key, defaultValue.toMillis(), minMs, maxMs));
  }

  public List<String> strings(String key, List<String> defaultValue) {
    known.add(key);
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(pathOf(key), "must be an array of strings");
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw new ConfigException(pathOf(key) + "[" + i + "]", "must be a string");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /** Fails on the first key of this object that no accessor asked for. */
  public void rejectUnknownKeys() {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException(pathOf(key), "unknown key");
      }
    }
  }
}
