package hub.channel;

import io.vertx.core.json.JsonObject;

/**
 * Glob patterns over channel names for the {@code channels} API: {@code *} matches any run of characters, every
 * other character matches itself.
 */
public final class ChannelPattern {

  private ChannelPattern() {
  }

  /** Linear-time wildcard match (backtracks only to the last star), so a hostile pattern cannot blow up. */
  public static boolean matches(String pattern, String name) {
    int p = 0;
    int s = 0;
    int star = -1;
    int mark = 0;
    while (s < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = s;
      } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(s)) {
        p++;
        s++;
      } else if (star >= 0) {
        p = star + 1;
        s = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** The entries of {@code counts} whose key matches {@code pattern}; all of them when the pattern is null or empty. */
  public static JsonObject filter(JsonObject counts, String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      return counts;
    }
    JsonObject out = new JsonObject();
    counts.forEach(e -> {
      if (matches(pattern, e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }
}
