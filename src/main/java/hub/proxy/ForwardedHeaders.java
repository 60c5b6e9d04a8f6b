package hub.proxy;

import hub.config.ProxyConfig;
import io.vertx.core.MultiMap;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The upgrade-request headers that at least one proxy forwards (the union of every proxy's {@code httpHeaders}),
 * picked out of a request once at the upgrade so a session keeps only what a proxy may see. Immutable, thread-safe.
 */
public final class ForwardedHeaders {

  /** Lower-case names; empty when no proxy forwards anything. */
  private final Set<String> names;

  public ForwardedHeaders(Collection<ProxyConfig> proxies) {
    this.names = proxies.stream().flatMap(p -> p.httpHeaders().stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The forwarded headers present in {@code headers}, keyed by lower-case name; empty when none. */
  public Map<String, String> pick(MultiMap headers) {
    if (headers == null || names.isEmpty()) {
      return Map.of();
    }
    Map<String, String> kept = new HashMap<>(names.size());
    for (String name : names) {
      String value = headers.get(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return kept.isEmpty() ? Map.of() : kept; // an empty map per session would be kept for nothing
  }
}
