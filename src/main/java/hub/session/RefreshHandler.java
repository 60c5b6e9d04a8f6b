package hub.session;

import hub.auth.TokenCheck;
import hub.auth.TokenChecker;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ServerVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The {@code refresh} command: a new token for the same user moves the connection's expiry. A token for another
 * user or a forged one closes with 3500, an already expired one with 3005, an empty one with 3501. Stateless.
 */
final class RefreshHandler {

  private final TokenChecker tokens;

  RefreshHandler(TokenChecker tokens) {
    this.tokens = tokens;
  }

  Future<Boolean> handle(Session session, Command command, ReplyBatch replies) {
    if (!(command.params().getValue("token") instanceof String token) || token.isEmpty()) {
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    return tokens.verify(token).map(check -> {
      if (session.state() != SessionState.ACTIVE) {
        return false;
      }
      if (check instanceof TokenCheck.Expired) {
        session.close(CloseReason.EXPIRED);
        return false;
      }
      if (!(check instanceof TokenCheck.Valid valid) || !valid.identity().user().equals(session.user())) {
        session.close(CloseReason.INVALID_TOKEN);
        return false;
      }
      session.refreshed(valid.identity());
      JsonObject result = new JsonObject().put("client", session.clientId()).put("version", ServerVersion.VALUE);
      ConnectHandler.addExpiry(result, valid.identity(), session.shard().clock().millis());
      replies.result(command.id(), Method.REFRESH, result);
      return true;
    });
  }
}
