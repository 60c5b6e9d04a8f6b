package hub.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * How connection tokens are verified.
 *
 * @param jwt            a Vert.x {@code JWTAuthOptions} object (keys, issuer, audience, leeway)
 * @param allowAnonymous whether a {@code connect} without any token is accepted as user ""
 * @param requireExp     whether a token without {@code exp} is refused (a token that never expires can only be
 *                       revoked by rotating the key)
 */
public record AuthConfig(JsonObject jwt, boolean allowAnonymous, boolean requireExp) {

  public static final boolean DEFAULT_REQUIRE_EXP = true;
  /**
   * Shortest HMAC key accepted, in bytes: RFC 7518 section 3.2 asks for at least the hash size (32 for HS256, more
   * for HS384 and HS512, which we recommend but do not enforce); a shorter secret can be brute-forced offline from
   * any one token.
   */
  public static final int MIN_HMAC_KEY_BYTES = 32;

  /** The JWTAuthOptions properties we pass through; anything else is a typo. */
  private static final Set<String> JWT_KEYS = Set.of("pubSecKeys", "jwks", "jwtOptions");
  private static final Set<String> PUB_SEC_KEY_KEYS = Set.of("algorithm", "buffer", "id");
  private static final Set<String> JWT_OPTIONS_KEYS = Set.of("leeway", "audience", "issuer", "algorithm");
  /** The signature algorithms Vert.x Auth JWT implements. */
  static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
      "PS256", "PS384", "PS512", "ES256", "ES256K", "ES384", "ES512", "EdDSA");

  /** With the default {@code requireExp}. */
  public AuthConfig(JsonObject jwt, boolean allowAnonymous) {
    this(jwt, allowAnonymous, DEFAULT_REQUIRE_EXP);
  }

  static AuthConfig from(JsonReader r) {
    JsonObject jwt = r.rawObject("jwt");
    boolean anonymous = r.bool("allowAnonymous", false);
    boolean requireExp = r.bool("requireExp", DEFAULT_REQUIRE_EXP);
    r.rejectUnknownKeys();
    String path = r.pathOf("jwt");
    if (jwt == null) {
      throw new ConfigException(path, "is required (at least one key in pubSecKeys or jwks)");
    }
    checkKeys(jwt, JWT_KEYS, path);
    JsonArray pubSec = arrayOrEmpty(jwt, "pubSecKeys", path);
    JsonArray jwks = arrayOrEmpty(jwt, "jwks", path);
    if (pubSec.isEmpty() && jwks.isEmpty()) {
      // Vert.x treats a key-less JWTAuth as "unsecured" and would accept unsigned tokens.
      throw new ConfigException(path, "needs at least one key in pubSecKeys or jwks");
    }
    for (int i = 0; i < pubSec.size(); i++) {
      String p = path + ".pubSecKeys[" + i + "]";
      if (!(pubSec.getValue(i) instanceof JsonObject key)) {
        throw new ConfigException(p, "must be an object");
      }
      checkKeys(key, PUB_SEC_KEY_KEYS, p);
      if (!(key.getValue("algorithm") instanceof String alg) || !ALGORITHMS.contains(alg)) {
        throw new ConfigException(p + ".algorithm", "must be one of " + new java.util.TreeSet<>(ALGORITHMS));
      }
      if (!(key.getValue("buffer") instanceof String buf) || buf.isEmpty()) {
        throw new ConfigException(p + ".buffer", "is required (HMAC secret or PEM public key)");
      }
      if (alg.startsWith("HS")) {
        checkHmacLength(buf.getBytes(StandardCharsets.UTF_8).length, key.getValue("id"), p + ".buffer");
      }
    }
    for (int i = 0; i < jwks.size(); i++) {
      if (!(jwks.getValue(i) instanceof JsonObject jwk) || !(jwk.getValue("kty") instanceof String)) {
        throw new ConfigException(path + ".jwks[" + i + "]", "must be a JWK object with a kty");
      }
      if ("oct".equals(jwk.getValue("kty"))) {
        checkHmacLength(octLength(jwk.getValue("k"), path + ".jwks[" + i + "].k"), jwk.getValue("kid"),
            path + ".jwks[" + i + "].k");
      }
    }
    Object options = jwt.getValue("jwtOptions");
    if (options != null) {
      if (!(options instanceof JsonObject o)) {
        throw new ConfigException(path + ".jwtOptions", "must be an object");
      }
      checkKeys(o, JWT_OPTIONS_KEYS, path + ".jwtOptions");
    }
    return new AuthConfig(jwt.copy(), anonymous, requireExp);
  }

  /** Refuses a short HMAC key at start, naming it by path and id; never quoting it. */
  private static void checkHmacLength(int bytes, Object id, String path) {
    if (bytes < MIN_HMAC_KEY_BYTES) {
      throw new ConfigException(path, "an HMAC key must be at least " + MIN_HMAC_KEY_BYTES + " bytes; this one"
          + (id instanceof String s ? " (id " + s + ")" : "") + " has " + bytes);
    }
  }

  private static int octLength(Object k, String path) {
    try {
      if (k instanceof String s) {
        return Base64.getUrlDecoder().decode(s).length;
      }
    } catch (IllegalArgumentException notBase64Url) {
      // reported below
    }
    throw new ConfigException(path, "must be the key as base64url (an oct JWK)");
  }

  private static JsonArray arrayOrEmpty(JsonObject obj, String key, String path) {
    Object v = obj.getValue(key);
    if (v == null) {
      return new JsonArray();
    }
    if (!(v instanceof JsonArray a)) {
      throw new ConfigException(path + "." + key, "must be an array");
    }
    return a;
  }

  private static void checkKeys(JsonObject obj, Set<String> allowed, String path) {
    for (String k : obj.fieldNames()) {
      if (!allowed.contains(k)) {
        throw new ConfigException(path + "." + k, "unknown key");
      }
    }
  }

  /** Never the key material: a record prints its fields, and this one may end up in a log line. */
  @Override
  public String toString() {
    return "AuthConfig[jwt=<redacted>, allowAnonymous=" + allowAnonymous + ", requireExp=" + requireExp + "]";
  }
}
