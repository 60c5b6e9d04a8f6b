package hub.session;

import hub.auth.SubscriptionCheck;
import hub.auth.SubscriptionGrant;
import hub.auth.TokenChecker;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code sub_refresh} command (protocol.md 4.9): a new subscription token moves the subscription's expiry. Not
 * subscribed is 103, an empty token 107, a forged one or one for another user, channel or client closes with 3500,
 * an expired one is 109 and a new expiry already past is 110. The SDK retries a temporary error and otherwise gives
 * the subscription up. Stateless.
 */
final class SubRefreshHandler {

  private final TokenChecker tokens;
  private final long graceMs;

  SubRefreshHandler(TokenChecker tokens, Duration grace) {
    this.tokens = tokens;
    this.graceMs = grace.toMillis();
  }

  Future<Boolean> handle(Session session, Command command, ReplyBatch replies) {
    JsonObject params = command.params();
    if (!(params.getValue("channel") instanceof String channel) || channel.isEmpty()) {
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    if (!session.channels().contains(channel)) {
      replies.error(command.id(), ReplyError.PERMISSION_DENIED);
      return null;
    }
    if (!(params.getValue("token") instanceof String token) || token.isEmpty()) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return null;
    }
    SubscriptionExpiries.Term before = session.subscriptionTerm(channel);
    if (before != null && before.proxy() != null) {
      replies.error(command.id(), ReplyError.PERMISSION_DENIED); // the hub renews this one through its proxy
      return null;
    }
    return tokens.verifySubscription(token).map(check -> {
      if (session.state() != SessionState.ACTIVE || !session.channels().contains(channel)) {
        return !session.isClosed(); // unsubscribed meanwhile: nothing to refresh, and no reply the SDK waits for
      }
      if (check instanceof SubscriptionCheck.Expired) {
        replies.error(command.id(), ReplyError.TOKEN_EXPIRED);
        return true;
      }
      if (!(check instanceof SubscriptionCheck.Valid valid) || !SubscribeAuth.matches(session, channel, valid.grant())) {
        session.close(CloseReason.INVALID_TOKEN);
        return false;
      }
      SubscriptionGrant g = valid.grant();
      long now = session.shard().clock().millis();
      if (g.expires() && g.expiresAtMs() <= now) {
        replies.error(command.id(), ReplyError.EXPIRED);
        return true;
      }
      session.subscriptionTerm(channel, g.expires() ? new SubscriptionExpiries.Term(g.expiresAtMs() + graceMs, null)
          : null);
      JsonObject result = new JsonObject();
      if (g.expires()) {
        result.put("expires", true).put("ttl", Math.max(1, (g.expiresAtMs() - now + 999) / 1000));
      }
      replies.result(command.id(), Method.SUB_REFRESH, result);
      return true;
    });
  }
}
