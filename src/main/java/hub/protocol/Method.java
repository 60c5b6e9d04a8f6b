package hub.protocol;

/**
 * Client command methods of protocol v2, in the order a command object is searched for its request field (the order
 * the reference server uses, so an object with two request fields is read the same way by both).
 */
public enum Method {
  CONNECT("connect"),
  PING("ping"),
  SUBSCRIBE("subscribe"),
  UNSUBSCRIBE("unsubscribe"),
  PUBLISH("publish"),
  PRESENCE("presence"),
  PRESENCE_STATS("presence_stats"),
  HISTORY("history"),
  RPC("rpc"),
  SEND("send"),
  REFRESH("refresh"),
  SUB_REFRESH("sub_refresh"),
  /** The empty object {@code {}}: the client's answer to a server ping. Has no field and no id. */
  PONG("");

  private final String field;

  Method(String field) {
    this.field = field;
  }

  /** The JSON field that carries this method's request, and its result in the reply. */
  public String field() {
    return field;
  }

  /** Whether a command of this method carries no id and gets no reply. */
  public boolean isOneWay() {
    return this == SEND || this == PONG;
  }
}
