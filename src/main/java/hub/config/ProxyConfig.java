package hub.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One backend the hub calls (issue 9): an HTTP endpoint that takes a JSON POST, or {@code eventbus:ADDRESS}, a
 * request/reply to whatever service consumes that address anywhere in the cluster. Immutable.
 *
 * @param name        the key under {@code proxies}, which {@code client.*Proxy} and namespace options refer to
 * @param endpoint    {@code http://...}, {@code https://...} or {@code eventbus:ADDRESS}
 * @param timeout     how long one call may take before the client gets error 100 (temporary)
 * @param httpHeaders upgrade-request headers forwarded to the backend (lower case), an allow-list
 * @param maxReplyBytes the largest answer body (HTTP) or encoded reply message (event bus) taken as an answer;
 *                      a larger one is a failed call, so a broken or hostile backend cannot make the hub buffer
 *                      without bound
 */
public record ProxyConfig(String name, String endpoint, Duration timeout, List<String> httpHeaders,
                          int maxReplyBytes) {

  /** As in Centrifugo: a backend that needs longer than a second is treated as down for that call. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final String EVENT_BUS_SCHEME = "eventbus:";
  /** 1 MiB: far above any connect/rpc answer we have seen, far below what hurts a node's heap per in-flight call. */
  public static final int DEFAULT_MAX_REPLY_BYTES = 1 << 20;
  static final int MIN_MAX_REPLY_BYTES = 64;
  static final int MAX_MAX_REPLY_BYTES = 64 << 20;

  public boolean eventBus() {
    return endpoint.startsWith(EVENT_BUS_SCHEME);
  }

  /** The event-bus address of an {@code eventbus:} endpoint. */
  public String address() {
    return endpoint.substring(EVENT_BUS_SCHEME.length());
  }

  /** Every {@code proxies.<name>} object; an empty map when the key is absent. */
  static Map<String, ProxyConfig> allFrom(JsonReader r) {
    Map<String, ProxyConfig> out = new TreeMap<>();
    for (String name : r.keys()) {
      out.put(name, from(name, r.object(name)));
    }
    r.rejectUnknownKeys();
    return Map.copyOf(out);
  }

  private static ProxyConfig from(String name, JsonReader r) {
    String endpoint = r.string("endpoint", null);
    if (endpoint == null) {
      throw new ConfigException(r.pathOf("endpoint"), "is required");
    }
    checkEndpoint(r.pathOf("endpoint"), endpoint);
    Duration timeout = r.millis("timeoutMs", DEFAULT_TIMEOUT, 1, 600_000);
    List<String> headers = r.strings("httpHeaders", List.of()).stream()
        .map(h -> h.toLowerCase(Locale.ROOT)).toList();
    int maxReplyBytes = r.integer("maxReplyBytes", DEFAULT_MAX_REPLY_BYTES, MIN_MAX_REPLY_BYTES,
        MAX_MAX_REPLY_BYTES);
    r.rejectUnknownKeys();
    return new ProxyConfig(name, endpoint, timeout, headers, maxReplyBytes);
  }

  private static void checkEndpoint(String path, String endpoint) {
    if (endpoint.startsWith(EVENT_BUS_SCHEME)) {
      if (endpoint.length() == EVENT_BUS_SCHEME.length()) {
        throw new ConfigException(path, "eventbus: needs an address");
      }
      return;
    }
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path, "is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException(path, "must be http://host..., https://host... or eventbus:ADDRESS");
    }
  }

  /**
   * Fails unless {@code name} (null: not set) names a configured proxy: a typo must stop start-up, not leave a
   * feature silently off.
   */
  static void checkRef(Map<String, ProxyConfig> proxies, String path, String name) {
    if (name != null && !proxies.containsKey(name)) {
      throw new ConfigException(path, "names no proxy under proxies (got \"" + name + "\")");
    }
  }
}
