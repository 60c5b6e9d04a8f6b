package hub.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A request to close a user's sessions wherever they are.
 *
 * @param user      whose sessions to close
 * @param client    when not null, only this connection
 * @param whitelist connection ids to keep
 * @param code      close code to send
 * @param reason    close reason to send (plain text)
 */
public record UserDisconnect(String user, String client, List<String> whitelist, int code, String reason) {

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("op", "disconnect").put("user", user).put("code", code).put("reason", reason);
    if (client != null) {
      o.put("client", client);
    }
    if (!whitelist.isEmpty()) {
      o.put("whitelist", new JsonArray(whitelist));
    }
    return o;
  }

  public static UserDisconnect fromJson(JsonObject o) {
    JsonArray keep = o.getJsonArray("whitelist", new JsonArray());
    return new UserDisconnect(o.getString("user"), o.getString("client"),
        keep.stream().map(String::valueOf).toList(), o.getInteger("code"), o.getString("reason"));
  }

  /** Whether the connection {@code clientId} of {@code userId} is targeted. */
  public boolean targets(String userId, String clientId) {
    return user.equals(userId) && (client == null || client.equals(clientId)) && !whitelist.contains(clientId);
  }
}
