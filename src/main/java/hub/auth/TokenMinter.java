package hub.auth;

import hub.config.AuthConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Mints connection tokens with the node's own HMAC key, for trying the hub out and for tests of a deployment. A
 * real application signs tokens in its own backend; this is the same thing in one command.
 */
public final class TokenMinter {

  private TokenMinter() {
  }

  /**
   * @param user       the {@code sub} claim
   * @param ttlSeconds lifetime; 0 for a token without {@code exp}
   * @param info       the {@code info} claim, or null
   */
  public static String mint(AuthConfig auth, String user, long ttlSeconds, JsonObject info) {
    JsonObject hmacKey = null;
    for (Object k : auth.jwt().getJsonArray("pubSecKeys", new JsonArray())) {
      JsonObject key = (JsonObject) k;
      if (key.getString("algorithm", "").startsWith("HS")) {
        hmacKey = key;
        break;
      }
    }
    if (hmacKey == null) {
      throw new IllegalArgumentException("auth.jwt has no HMAC (HS256/384/512) key to sign with");
    }
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm(hmacKey.getString("algorithm")).setBuffer(hmacKey.getString("buffer"))));
      JsonObject claims = new JsonObject().put("sub", user);
      if (info != null) {
        claims.put("info", info);
      }
      JWTOptions options = new JWTOptions().setAlgorithm(hmacKey.getString("algorithm"));
      if (ttlSeconds > 0) {
        options.setExpiresInSeconds((int) ttlSeconds);
      }
      return jwt.generateToken(claims, options);
    } finally {
      vertx.close();
    }
  }
}
