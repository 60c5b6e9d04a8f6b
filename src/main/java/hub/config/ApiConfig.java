package hub.config;

import java.util.List;

/**
 * Server API access.
 *
 * @param keys          accepted API keys; with none configured every API call is refused
 * @param allowQueryKey whether {@code ?api_key=} is accepted besides the headers. Off by default: a query string
 *                      lands in access logs, browser history and Referer headers (issue 10 item 11)
 */
public record ApiConfig(List<String> keys, boolean allowQueryKey) {

  public static final boolean DEFAULT_ALLOW_QUERY_KEY = false;

  static ApiConfig from(JsonReader r) {
    List<String> keys = r.strings("keys", List.of());
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).isBlank()) {
        throw new ConfigException(r.pathOf("keys") + "[" + i + "]", "must not be empty");
      }
    }
    boolean allowQueryKey = r.bool("allowQueryKey", DEFAULT_ALLOW_QUERY_KEY);
    r.rejectUnknownKeys();
    return new ApiConfig(keys, allowQueryKey);
  }

  /** Never the keys themselves: a record prints its fields, and this one may end up in a log line. */
  @Override
  public String toString() {
    return "ApiConfig[" + keys.size() + " keys, allowQueryKey=" + allowQueryKey + "]";
  }
}
