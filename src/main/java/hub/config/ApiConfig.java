package hub.config;

import java.util.List;

/**
 * Server API access.
 *
 * @param keys accepted API keys; with none configured every API call is refused
 */
public record ApiConfig(List<String> keys) {

  static ApiConfig from(JsonReader r) {
    List<String> keys = r.strings("keys", List.of());
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).isBlank()) {
        throw new ConfigException(r.pathOf("keys") + "[" + i + "]", "must not be empty");
      }
    }
    r.rejectUnknownKeys();
    return new ApiConfig(keys);
  }

  /** Never the keys themselves: a record prints its fields, and this one may end up in a log line. */
  @Override
  public String toString() {
    return "ApiConfig[" + keys.size() + " keys]";
  }
}
