package hub.session;

import hub.auth.Identity;
import hub.cluster.UserDisconnect;

import java.util.ArrayList;
import java.util.List;

/**
 * Server API disconnects that reached a session while its connect token was still being checked: the user is not
 * known yet, so each is kept and matched once the token is. Bounded: past {@link #MAX} the caller closes the session
 * rather than let a targeted disconnect slip through. Confined to the session's event loop.
 */
final class KicksWhileConnecting {

  /** Disconnects kept for one token check. */
  static final int MAX = 16;

  private final List<UserDisconnect> kept = new ArrayList<>(1);

  /** @return false when the bound is reached and the command was not kept */
  boolean keep(UserDisconnect command) {
    if (kept.size() >= MAX) {
      return false;
    }
    kept.add(command);
    return true;
  }

  /** The close asked for by the first kept disconnect that targets {@code verified}, or null. */
  CloseReason match(Identity verified, String clientId) {
    for (UserDisconnect k : kept) {
      if (k.targets(verified.user(), clientId)) {
        return CloseReason.requested(k.code(), k.reason());
      }
    }
    return null;
  }
}
