package hub.auth;

/**
 * Who a verified token says the client is.
 *
 * @param user        the {@code sub} claim; "" for anonymous
 * @param info        the {@code info} claim (any JSON value) shown to others as {@code conn_info}, or null
 * @param expiresAtMs when the token expires (epoch millis), or 0 when it never does
 * @param channels    server-side subscriptions made at connect (the token's or connect proxy's {@code channels}, and
 *                    every channel its {@code subs} names)
 * @param subs        the {@code subs} entries ({@code info}, {@code data}, {@code override} of a server-side
 *                    subscription) by channel, each a JSON object; empty when none. The session reads the entries.
 */
public record Identity(String user, Object info, long expiresAtMs, java.util.List<String> channels,
                       io.vertx.core.json.JsonObject subs) {

  /**
   * What every identity without {@code subs} entries shares: read-only, so that a connection does not keep its own
   * empty map (about 90 B each with its key set, per the 5,000-connection heap dump in bench/results/perf6).
   */
  private static final io.vertx.core.json.JsonObject NO_SUBS = new io.vertx.core.json.JsonObject(java.util.Map.of());

  public static final Identity ANONYMOUS = new Identity("", null, 0);

  /** An identity without server-side subscriptions. */
  public Identity(String user, Object info, long expiresAtMs) {
    this(user, info, expiresAtMs, java.util.List.of());
  }

  /** An identity whose server-side subscriptions carry nothing of their own. */
  public Identity(String user, Object info, long expiresAtMs, java.util.List<String> channels) {
    this(user, info, expiresAtMs, channels, new io.vertx.core.json.JsonObject());
  }

  public Identity {
    channels = java.util.List.copyOf(channels);
    // a record's parts stay as they were given; JSON objects are mutable, so a non-empty one is copied
    subs = subs.isEmpty() ? NO_SUBS : subs.copy();
  }

  /**
   * The server-side channels of a token or proxy result: its {@code channels}, then the channels only its
   * {@code subs} names (Centrifugo's richer form of {@code channels}). Null when either is malformed: {@code channels}
   * not an array of non-empty strings, {@code subs} not an object of objects with non-empty keys.
   */
  public static java.util.List<String> channelsOf(Object channels, Object subs) {
    java.util.List<String> listed = channelsOf(channels);
    if (listed == null || subs == null) {
      return listed;
    }
    java.util.List<String> out = new java.util.ArrayList<>(listed);
    if (!(subs instanceof io.vertx.core.json.JsonObject entries)) {
      return null;
    }
    for (String channel : entries.fieldNames()) {
      if (channel.isEmpty() || !(entries.getValue(channel) instanceof io.vertx.core.json.JsonObject)) {
        return null;
      }
      if (!out.contains(channel)) {
        out.add(channel);
      }
    }
    return out;
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
