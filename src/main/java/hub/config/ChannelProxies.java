package hub.config;

/**
 * Which proxies a namespace's channels consult (issue 9), by name under {@code proxies}; null where none is set.
 * Inherited from {@code channels.default} like every other channel option.
 *
 * @param subscribe  decides client subscribes (not those carrying a subscription token)
 * @param publish    checks, and may rewrite, client publications
 * @param subRefresh extends a proxied subscription before its {@code expire_at}
 */
public record ChannelProxies(String subscribe, String publish, String subRefresh) {

  public static final ChannelProxies NONE = new ChannelProxies(null, null, null);

  static ChannelProxies from(JsonReader r, ChannelProxies base) {
    return new ChannelProxies(r.string("subscribeProxy", base.subscribe), r.string("publishProxy", base.publish),
        r.string("subRefreshProxy", base.subRefresh));
  }
}
