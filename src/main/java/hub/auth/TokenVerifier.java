package hub.auth;

import hub.auth.TokenCheck.Reason;
import hub.config.AuthConfig;
import hub.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Verifies connection JWTs with Vert.x Auth JWT (signature, issuer, audience) and reads the claims the protocol
 * uses. Expiry and not-before are checked here rather than by Vert.x so that an expired token can be told apart from
 * a forged one. With {@code auth.requireExp} (the default) a token without {@code exp} is invalid: a token that
 * never expires cannot be taken back short of rotating the key. Every token refused is reported with its bounded
 * reason. Thread-safe; JWT verification with configured keys completes without I/O.
 */
public final class TokenVerifier implements TokenChecker {

  private final JWTAuth jwt;
  private final Clock clock;
  private final long leewayMs;
  private final boolean requireExp;
  private final Consumer<String> refused;

  public TokenVerifier(Vertx vertx, AuthConfig config, Clock clock) {
    this(vertx, config, clock, reason -> { });
  }

  /** @param refused told the {@link Reason#tag()} of every token not accepted (expired ones included) */
  public TokenVerifier(Vertx vertx, AuthConfig config, Clock clock, Consumer<String> refused) {
    this.requireExp = config.requireExp();
    this.refused = refused;
    JWTOptions jwtOptions = new JWTOptions(config.jwt().getJsonObject("jwtOptions", new JsonObject()));
    this.leewayMs = jwtOptions.getLeeway() * 1000L;
    try {
      this.jwt = JWTAuth.create(vertx, options(config.jwt(), jwtOptions.setIgnoreExpiration(true)));
    } catch (RuntimeException e) {
      // A key Vert.x cannot load (a broken PEM, a JWK it does not support) is a configuration error.
      throw new ConfigException("auth.jwt", "cannot load the keys: " + e.getMessage());
    }
    this.clock = clock;
  }

  /**
   * Builds the Vert.x options by hand: Vert.x's JSON form of a key takes {@code buffer} as base64, while ours takes
   * the HMAC secret or PEM text as written, which is what an operator expects to paste there.
   */
  private static JWTAuthOptions options(JsonObject json, JWTOptions jwtOptions) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions);
    for (Object k : json.getJsonArray("pubSecKeys", new JsonArray())) {
      JsonObject key = (JsonObject) k;
      PubSecKeyOptions pubSec = new PubSecKeyOptions()
          .setAlgorithm(key.getString("algorithm"))
          .setBuffer(key.getString("buffer"));
      if (key.getString("id") != null) {
        pubSec.setId(key.getString("id"));
      }
      options.addPubSecKey(pubSec);
    }
    for (Object jwk : json.getJsonArray("jwks", new JsonArray())) {
      options.addJwk((JsonObject) jwk);
    }
    return options;
  }

  /** Completes before returning for configured keys, so callers continue on their own thread. */
  @Override
  public Future<TokenCheck> verify(String token) {
    return checkToken(token).onSuccess(check -> {
      if (check instanceof TokenCheck.Invalid invalid) {
        refused.accept(invalid.reason().tag());
      } else if (check instanceof TokenCheck.Expired) {
        refused.accept(Reason.EXPIRED.tag());
      }
    });
  }

  private Future<TokenCheck> checkToken(String token) {
    if (token == null || token.isEmpty()) {
      return Future.succeededFuture(new TokenCheck.Invalid(Reason.EMPTY, "empty token"));
    }
    Future<TokenCheck> checked;
    try {
      checked = jwt.authenticate(new TokenCredentials(token))
          .map(user -> check(user.attributes().getJsonObject("accessToken", new JsonObject())));
    } catch (RuntimeException e) {
      // Vert.x reads some claims with casts (exp, nbf, iat as numbers; aud as an array) and throws on a signed token
      // whose claims have other types: that token is invalid, not a server error.
      return Future.succeededFuture(new TokenCheck.Invalid(Reason.MALFORMED, "malformed claims"));
    }
    return checked.otherwise(err -> new TokenCheck.Invalid(reasonOf(err),
        err.getMessage() == null ? "invalid token" : err.getMessage()));
  }

  /**
   * The bounded reason for a failure Vert.x reports; its messages are free text (some quote the expected audience),
   * so they are mapped here onto the fixed set by exception type and the few phrases Vert.x Auth JWT 5 uses.
   */
  static Reason reasonOf(Throwable err) {
    String type = err.getClass().getSimpleName();
    String message = String.valueOf(err.getMessage());
    if (type.equals("SignatureException")) {
      return Reason.SIGNATURE;
    }
    if (type.equals("NoSuchKeyIdException")) {
      return Reason.UNKNOWN_KEY;
    }
    if (message.contains("not signed")) {
      return Reason.UNSIGNED;
    }
    if (message.contains("JWT issuer")) {
      return Reason.ISSUER;
    }
    if (message.contains("JWT audience")) {
      return Reason.AUDIENCE;
    }
    return Reason.MALFORMED;
  }

  /**
   * A subscription token, with the same keys as connection tokens (Centrifugo's default). It must name its channel;
   * whether the channel, user and client match is the session's check, since only it knows them.
   */
  @Override
  public Future<SubscriptionCheck> verifySubscription(String token) {
    if (token == null || token.isEmpty()) {
      return Future.succeededFuture(new SubscriptionCheck.Invalid("empty token"));
    }
    try {
      return jwt.authenticate(new TokenCredentials(token))
          .map(user -> checkSubscription(user.attributes().getJsonObject("accessToken", new JsonObject())))
          .otherwise(err -> new SubscriptionCheck.Invalid("invalid token"));
    } catch (RuntimeException e) {
      return Future.succeededFuture(new SubscriptionCheck.Invalid("malformed claims"));
    }
  }

  private SubscriptionCheck checkSubscription(JsonObject claims) {
    long now = clock.millis();
    Object sub = claims.getValue("sub", "");
    Object channel = claims.getValue("channel");
    Object client = claims.getValue("client");
    Object override = claims.getValue("override");
    if (!(sub instanceof String user) || !(channel instanceof String ch) || ch.isEmpty()
        || (client != null && !(client instanceof String)) || (override != null && !(override instanceof JsonObject))) {
      return new SubscriptionCheck.Invalid("sub, channel, client or override claim malformed");
    }
    long expMs = seconds(claims.getValue("exp")) * 1000L;
    long nbfMs = seconds(claims.getValue("nbf")) * 1000L;
    if (expMs < 0 || nbfMs < 0) {
      return new SubscriptionCheck.Invalid("exp or nbf claim is not a number");
    }
    if (expMs > 0 && now > expMs + leewayMs) {
      return new SubscriptionCheck.Expired();
    }
    if (nbfMs > 0 && now + leewayMs < nbfMs) {
      return new SubscriptionCheck.Invalid("token not valid yet");
    }
    long expiresAtMs = expMs;
    Object expireAt = claims.getValue("expire_at");
    if (expireAt != null) {
      // expire_at sets the subscription's life apart from the token's own exp; 0 means it never expires.
      if (!(expireAt instanceof Number n) || n.longValue() < 0) {
        return new SubscriptionCheck.Invalid("expire_at claim is not a number");
      }
      expiresAtMs = n.longValue() * 1000L;
    }
    return new SubscriptionCheck.Valid(new SubscriptionGrant(user, ch, (String) client, expiresAtMs,
        claims.getValue("info"), claims.getValue("data"), (JsonObject) override));
  }

  /** Expired exactly as {@link #verify} would find it now, the configured leeway included. */
  @Override
  public boolean expired(Identity identity, long nowMs) {
    return identity.expires() && nowMs > identity.expiresAtMs() + leewayMs;
  }

  private TokenCheck check(JsonObject claims) {
    long now = clock.millis();
    Object sub = claims.getValue("sub", "");
    if (!(sub instanceof String user)) {
      return new TokenCheck.Invalid(Reason.CLAIMS, "sub claim is not a string");
    }
    if (claims.containsKey("channel")) {
      // A subscription token used as a connection token.
      return new TokenCheck.Invalid(Reason.CLAIMS, "channel claim in a connection token");
    }
    long expMs = seconds(claims.getValue("exp")) * 1000L;
    if (expMs < 0) {
      return new TokenCheck.Invalid(Reason.CLAIMS, "exp claim is not a number");
    }
    if (expMs == 0 && requireExp) {
      return new TokenCheck.Invalid(Reason.NO_EXP, "no exp claim (auth.requireExp)");
    }
    if (expMs > 0 && now > expMs + leewayMs) {
      return new TokenCheck.Expired();
    }
    long nbfMs = seconds(claims.getValue("nbf")) * 1000L;
    if (nbfMs < 0) {
      return new TokenCheck.Invalid(Reason.CLAIMS, "nbf claim is not a number");
    }
    if (nbfMs > 0 && now + leewayMs < nbfMs) {
      return new TokenCheck.Invalid(Reason.NOT_YET_VALID, "token not valid yet");
    }
    java.util.List<String> channels = Identity.channelsOf(claims.getValue("channels"), claims.getValue("subs"));
    if (channels == null) {
      return new TokenCheck.Invalid(Reason.CLAIMS, "channels or subs claim malformed");
    }
    Object subs = claims.getValue("subs");
    return new TokenCheck.Valid(new Identity(user, claims.getValue("info"), expMs, channels,
        subs instanceof JsonObject o ? o : new JsonObject()));
  }

  /** A numeric claim in seconds; 0 when absent, -1 when malformed. */
  private static long seconds(Object claim) {
    if (claim == null) {
      return 0;
    }
    return claim instanceof Number n && n.longValue() > 0 ? n.longValue() : -1;
  }
}
