package hub.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the node logs.
 *
 * @param json   one JSON object per line ({@code log.format} "json") instead of one line of text ("text")
 * @param levels level per logger name ({@code log.level}); the key "" (or "root") is the root logger
 */
public record LogConfig(boolean json, Map<String, String> levels) {

  public static final String DEFAULT_FORMAT = "text";
  public static final String DEFAULT_LEVEL = "INFO";
  static final Set<String> LEVELS = Set.of("OFF", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

  static LogConfig from(JsonReader r) {
    String format = r.string("format", DEFAULT_FORMAT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException(r.pathOf("format"), "must be \"text\" or \"json\"");
    }
    JsonReader level = r.object("level");
    Map<String, String> levels = new LinkedHashMap<>();
    for (String logger : level.keys()) {
      String value = level.string(logger, DEFAULT_LEVEL);
      if (!LEVELS.contains(value)) {
        throw new ConfigException(level.pathOf(logger), "must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE, ALL");
      }
      levels.put(logger.equals("root") ? "" : logger, value);
    }
    level.rejectUnknownKeys();
    r.rejectUnknownKeys();
    return new LogConfig(format.equals("json"), Map.copyOf(levels));
  }
}
