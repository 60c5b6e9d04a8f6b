package hub.auth;

import io.vertx.core.json.JsonObject;

/**
 * What a subscription token (or a subscribe proxy) grants for one channel. The session checks {@code user},
 * {@code channel} and {@code client} against itself; the rest shapes the subscription. Immutable.
 *
 * @param user        the {@code sub} claim; "" for anonymous
 * @param channel     the {@code channel} claim, required in a token; null for a proxy's grant
 * @param client      the {@code client} claim, or null when the token is not bound to one connection
 * @param expiresAtMs when the subscription expires (epoch millis, from {@code expire_at} or else {@code exp}); 0: never
 * @param info        channel-level info ({@code chan_info}), or null
 * @param data        returned to the client in the subscribe result, or null
 * @param override    per-subscription option overrides ({@code presence}, {@code join_leave}...), or null
 */
public record SubscriptionGrant(String user, String channel, String client, long expiresAtMs, Object info,
                                Object data, JsonObject override) {

  public boolean expires() {
    return expiresAtMs > 0;
  }
}
