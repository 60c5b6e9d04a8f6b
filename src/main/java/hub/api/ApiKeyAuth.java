package hub.api;

import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks the server API key: {@code X-API-Key: KEY}, else {@code Authorization: apikey KEY}, else {@code ?api_key=}
 * when the caller passes one (only with {@code api.allowQueryKey}).
 * With no key configured nothing is accepted. Keys are compared in constant time. Immutable and thread-safe.
 */
final class ApiKeyAuth {

  private final List<byte[]> keys;

  ApiKeyAuth(List<String> keys) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  boolean allows(MultiMap headers, String queryKey) {
    String key = headers.get("X-API-Key");
    if (key == null) {
      String auth = headers.get("Authorization");
      if (auth != null && auth.length() > 7 && auth.regionMatches(true, 0, "apikey ", 0, 7)) {
        key = auth.substring(7).trim();
      }
    }
    if (key == null) {
      key = queryKey;
    }
    if (key == null || key.isEmpty()) {
      return false;
    }
    byte[] given = key.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] k : keys) {
      match |= MessageDigest.isEqual(k, given);
    }
    return match;
  }
}
