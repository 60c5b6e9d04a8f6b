package hub.client.proxy;

/**
 * The request kinds the hub's proxies send, by their wire name in the {@value #HEADER} message header. One
 * consumer may serve several kinds: the header tells them apart. Immutable.
 */
public enum ProxyKind {
  CONNECT("connect"),
  REFRESH("refresh"),
  SUBSCRIBE("subscribe"),
  PUBLISH("publish"),
  SUB_REFRESH("sub_refresh"),
  RPC("rpc"),
  /** The client's one-way {@code send}: delivered to the rpc proxy's address, never answered. */
  SEND("send");

  /** The message header carrying the kind (the hub's {@code EventBusProxyCaller}). */
  public static final String HEADER = "hub-proxy-kind";

  private final String wireName;

  ProxyKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The kind of a header value, or null for one this module does not know. */
  public static ProxyKind of(String wireName) {
    for (ProxyKind k : values()) {
      if (k.wireName.equals(wireName)) {
        return k;
      }
    }
    return null;
  }
}
