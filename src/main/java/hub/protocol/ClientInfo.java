package hub.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Who a client is, as shown to other clients (publication {@code info}, presence, join/leave).
 *
 * @param user     user id from the token's {@code sub}; "" for anonymous
 * @param client   connection id
 * @param connInfo the connection's info (the token's {@code info} claim, the connect proxy's {@code info}), or null
 * @param chanInfo the info of this client's subscription to the channel at hand (a subscription token's or the
 *                 subscribe proxy's {@code info}, a connect proxy {@code subs} entry's), or null
 */
public record ClientInfo(String user, String client, Object connInfo, Object chanInfo) {

  /** Without channel info: where no channel is at hand, or the subscription has none. */
  public ClientInfo(String user, String client, Object connInfo) {
    this(user, client, connInfo, null);
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("user", user).put("client", client);
    if (connInfo != null) {
      o.put("conn_info", connInfo);
    }
    if (chanInfo != null) {
      o.put("chan_info", chanInfo);
    }
    return o;
  }
}
