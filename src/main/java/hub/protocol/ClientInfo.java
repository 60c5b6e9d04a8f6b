package hub.protocol;

import io.vertx.core.json.JsonObject;

/**
 * Who a client is, as shown to other clients (publication {@code info}, presence, join/leave).
 *
 * @param user     user id from the token's {@code sub}; "" for anonymous
 * @param client   connection id
 * @param connInfo the token's {@code info} claim (any JSON value), or null
 */
public record ClientInfo(String user, String client, Object connInfo) {

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("user", user).put("client", client);
    if (connInfo != null) {
      o.put("conn_info", connInfo);
    }
    return o;
  }
}
