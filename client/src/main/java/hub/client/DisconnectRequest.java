package hub.client;

import java.util.List;
import java.util.Objects;

/**
 * Closes a user's connections on every node ({@link HubClient#disconnect}). Immutable.
 *
 * @param user      the user
 * @param client    only this connection of the user, or null for all of them
 * @param whitelist connection ids to leave open
 * @param code      close code 3000-4999, or 0 for the hub's default (3503 force disconnect)
 * @param reason    close reason (not JSON), or null for the default
 */
public record DisconnectRequest(String user, String client, List<String> whitelist, int code, String reason) {

  public DisconnectRequest {
    Objects.requireNonNull(user, "user");
    whitelist = whitelist == null ? List.of() : List.copyOf(whitelist);
    if (code != 0 && (code < 3000 || code > 4999)) {
      throw new IllegalArgumentException("close code must be 3000-4999: " + code);
    }
  }

  /** Every connection of {@code user}, with the hub's default code. */
  public static DisconnectRequest user(String user) {
    return new DisconnectRequest(user, null, List.of(), 0, null);
  }

  public DisconnectRequest onlyClient(String clientId) {
    return new DisconnectRequest(user, clientId, whitelist, code, reason);
  }

  public DisconnectRequest keeping(List<String> clientIds) {
    return new DisconnectRequest(user, client, clientIds, code, reason);
  }

  public DisconnectRequest withClose(int closeCode, String closeReason) {
    return new DisconnectRequest(user, client, whitelist, closeCode, closeReason);
  }
}
