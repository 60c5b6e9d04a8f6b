package hub.auth;

/**
 * Who a verified token says the client is.
 *
 * @param user        the {@code sub} claim; "" for anonymous
 * @param info        the {@code info} claim (any JSON value) shown to others as {@code conn_info}, or null
 * @param expiresAtMs when the token expires (epoch millis), or 0 when it never does
 * @param channels    server-side subscriptions made at connect (the token's or connect proxy's {@code channels})
 */
public record Identity(String user, Object info, long expiresAtMs, java.util.List<String> channels) {

  public static final Identity ANONYMOUS = new Identity("", null, 0);

  /** An identity without server-side subscriptions. */
  public Identity(String user, Object info, long expiresAtMs) {
    this(user, info, expiresAtMs, java.util.List.of());
  }

  public Identity {
    channels = java.util.List.copyOf(channels);
  }

  /**
   * The {@code channels} of a token or proxy result as a list, or null when it is not an array of non-empty strings
   * (absent is an empty list).
   */
  public static java.util.List<String> channelsOf(Object claim) {
    if (claim == null) {
      return java.util.List.of();
    }
    if (!(claim instanceof io.vertx.core.json.JsonArray array)) {
      return null;
    }
    java.util.List<String> out = new java.util.ArrayList<>(array.size());
    for (Object c : array) {
      if (!(c instanceof String s) || s.isEmpty()) {
        return null;
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  public boolean expires() {
    return expiresAtMs > 0;
  }
}
