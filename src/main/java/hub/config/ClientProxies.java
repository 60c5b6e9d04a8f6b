package hub.config;

/**
 * Which proxies serve a connection's own life (issue 9), by name under {@code proxies}; null where none is set.
 *
 * @param connect     authenticates a client that connects without a token
 * @param refresh     extends a proxy-authenticated connection before its {@code expire_at}
 * @param rpc         answers the client {@code rpc} command and takes its {@code send} messages
 * @param maxInFlight proxy calls one node may have outstanding; beyond it a call fails at once with error 100
 */
public record ClientProxies(String connect, String refresh, String rpc, int maxInFlight) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

  static ClientProxies from(JsonReader r) {
    return new ClientProxies(r.string("connectProxy", null), r.string("refreshProxy", null),
        r.string("rpcProxy", null), r.integer("proxyMaxInFlight", DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000));
  }
}
