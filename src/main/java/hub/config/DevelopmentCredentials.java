package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps a node that runs on shipped or placeholder credentials (the development HMAC secret and API key packed in
 * {@code conf/hub.json}, or a {@code REPLACE-with-...} value of the deployment sketches) on loopback (issue 10,
 * item 4). Those values are public, so anyone who can reach the node could mint tokens and call the API. Left
 * without an {@code http.host}, such a node listens on 127.0.0.1 and says so; asked for any other address it is
 * refused as a configuration error naming the key. Stateless; used once at start-up on the raw configuration.
 */
public final class DevelopmentCredentials {

  public static final String LOOPBACK = "127.0.0.1";
  /** Markers of a value nobody chose: the shipped ones start with DEVELOPMENT-ONLY, the sketches' with REPLACE-. */
  private static final String[] MARKERS = {"development-only", "replace-with", "change-me", "changeme"};
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1");

  private DevelopmentCredentials() {
  }

  /**
   * Confines {@code json} to loopback when it holds a shipped or placeholder credential.
   *
   * @return the one line to print at start, or null when every credential was chosen by the operator
   * @throws ConfigException naming the key when such a credential meets an {@code http.host} that is not loopback
   */
  public static String confine(JsonObject json) {
    String key = firstPlaceholder(json);
    if (key == null) {
      return null;
    }
    JsonObject http = json.getValue("http") instanceof JsonObject h ? h : null;
    Object host = http == null ? null : http.getValue("host");
    if (host == null) {
      if (http == null) {
        http = new JsonObject();
        json.put("http", http);
      }
      http.put("host", LOOPBACK);
    } else if (!(host instanceof String h) || !isLoopback(h)) {
      throw new ConfigException(key, "is a shipped or placeholder value, which keeps the hub on loopback; "
          + "set your own before listening on " + host);
    }
    return "realtime-hub: " + key + " is a shipped or placeholder value: listening on loopback only";
  }

  static boolean isLoopback(String host) {
    return host.startsWith("127.") || LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT));
  }

  /** The key path of the first HMAC secret or API key that nobody chose, or null. */
  static String firstPlaceholder(JsonObject json) {
    JsonObject auth = json.getValue("auth") instanceof JsonObject a ? a : new JsonObject();
    JsonObject jwt = auth.getValue("jwt") instanceof JsonObject j ? j : new JsonObject();
    if (jwt.getValue("pubSecKeys") instanceof JsonArray keys) {
      for (int i = 0; i < keys.size(); i++) {
        if (keys.getValue(i) instanceof JsonObject k && isPlaceholder(k.getValue("buffer"))) {
          return "auth.jwt.pubSecKeys[" + i + "].buffer";
        }
      }
    }
    JsonObject api = json.getValue("api") instanceof JsonObject a ? a : new JsonObject();
    if (api.getValue("keys") instanceof JsonArray keys) {
      for (int i = 0; i < keys.size(); i++) {
        if (isPlaceholder(keys.getValue(i))) {
          return "api.keys[" + i + "]";
        }
      }
    }
    return null;
  }

  private static boolean isPlaceholder(Object value) {
    if (!(value instanceof String s)) {
      return false;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
