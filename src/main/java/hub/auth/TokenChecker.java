package hub.auth;

import io.vertx.core.Future;

/**
 * Checks a connection token. The session code depends on this, not on JWT, so that a checker that answers later
 * (a remote key set, a revocation lookup) fits the same command flow. Implementations are thread-safe; a future that
 * completes later must complete on the caller's context.
 */
@FunctionalInterface
public interface TokenChecker {

  Future<TokenCheck> verify(String token);

  /**
   * Whether an identity this checker produced earlier has expired by {@code nowMs}: a credential checked on the
   * upgrade request is used for a connect that may come much later.
   */
  default boolean expired(Identity identity, long nowMs) {
    return identity.expires() && nowMs > identity.expiresAtMs();
  }

  /** Checks a subscription token (protocol.md 9.3); a checker without subscription keys refuses every one. */
  default Future<SubscriptionCheck> verifySubscription(String token) {
    return Future.succeededFuture(new SubscriptionCheck.Invalid("subscription tokens are not checked here"));
  }
}
