package hub.cluster;

import io.vertx.core.json.JsonObject;

/**
 * A server-side subscribe or unsubscribe of a user's sessions wherever they are (the server API's
 * {@code subscribe} and {@code unsubscribe}).
 *
 * @param subscribe true to subscribe, false to unsubscribe
 * @param user      whose sessions
 * @param channel   the channel
 * @param client    when not null, only this connection
 */
public record UserSubscription(boolean subscribe, String user, String channel, String client) {

  static final String SUBSCRIBE_OP = "subscribe";
  static final String UNSUBSCRIBE_OP = "unsubscribe";

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("op", subscribe ? SUBSCRIBE_OP : UNSUBSCRIBE_OP).put("user", user)
        .put("channel", channel);
    if (client != null) {
      o.put("client", client);
    }
    return o;
  }

  /** The command of a control message, or null when its op is not one of ours. */
  static UserSubscription fromJson(JsonObject o) {
    String op = o.getString("op");
    if (!SUBSCRIBE_OP.equals(op) && !UNSUBSCRIBE_OP.equals(op)) {
      return null;
    }
    return new UserSubscription(SUBSCRIBE_OP.equals(op), o.getString("user"), o.getString("channel"),
        o.getString("client"));
  }

  /** Whether the connection {@code clientId} of {@code userId} is targeted. */
  public boolean targets(String userId, String clientId) {
    return user.equals(userId) && (client == null || client.equals(clientId));
  }
}
