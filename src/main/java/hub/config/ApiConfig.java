package hub.config;

import java.time.Duration;
import java.util.List;

/**
 * Server API access.
 *
 * @param keys          accepted API keys; with none configured every API call is refused
 * @param allowQueryKey whether {@code ?api_key=} is accepted besides the headers. Off by default: a query string
 *                      lands in access logs, browser history and Referer headers (issue 10 item 11)
 * @param requestTimeout longest the hub's own handling of one API call may take (HTTP 504, or an event-bus failure
 *                       with code 504, after it); the call is not cancelled
 */
public record ApiConfig(List<String> keys, boolean allowQueryKey, Duration requestTimeout) {

  public static final boolean DEFAULT_ALLOW_QUERY_KEY = false;
  /**
   * Above {@code history.storeTimeoutMs} (2 s), so a slow store answers its own error 100 first, and above the
   * event-bus query of {@code info}/{@code channels} (3 s); under the 10 s that HTTP clients commonly wait.
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  static ApiConfig from(JsonReader r) {
    List<String> keys = r.strings("keys", List.of());
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).isBlank()) {
        throw new ConfigException(r.pathOf("keys") + "[" + i + "]", "must not be empty");
      }
    }
    boolean allowQueryKey = r.bool("allowQueryKey", DEFAULT_ALLOW_QUERY_KEY);
    Duration requestTimeout = r.millis("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT, 100, 600_000);
    r.rejectUnknownKeys();
    return new ApiConfig(keys, allowQueryKey, requestTimeout);
  }

  /** Never the keys themselves: a record prints its fields, and this one may end up in a log line. */
  @Override
  public String toString() {
    return "ApiConfig[" + keys.size() + " keys, allowQueryKey=" + allowQueryKey + ", requestTimeout="
        + requestTimeout + "]";
  }
}
