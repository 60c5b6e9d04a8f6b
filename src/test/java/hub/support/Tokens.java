package hub.support;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mints HS256 JWTs for tests, independently of the Vert.x code under test.
 */
public final class Tokens {

  public static final String SECRET = "test-secret-for-hs256-signing-0123456789";

  private Tokens() {
  }

  public static String forUser(String user) {
    return sign(new JsonObject().put("sub", user).put("exp", nowSeconds() + 3600), SECRET);
  }

  public static String expiringIn(String user, long seconds) {
    return sign(new JsonObject().put("sub", user).put("exp", nowSeconds() + seconds), SECRET);
  }

  public static String expired(String user) {
    return sign(new JsonObject().put("sub", user).put("exp", nowSeconds() - 60), SECRET);
  }

  public static String withClaims(JsonObject claims) {
    return sign(claims, SECRET);
  }

  public static String forged(String user) {
    return sign(new JsonObject().put("sub", user).put("exp", nowSeconds() + 3600), "some-other-secret-of-enough-length");
  }

  /** An unsigned token ({@code alg: none}): must never be accepted. */
  public static String unsigned(String user) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "."
        + b64(new JsonObject().put("sub", user).encode()) + ".";
  }

  public static String sign(JsonObject claims, String secret) {
    return sign(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, secret);
  }

  /**
   * A token with exactly this header (its {@code alg} one of HS256, HS384, HS512; a {@code kid} if the test wants
   * one) and these claims, signed with {@code secret}.
   */
  public static String sign(JsonObject header, JsonObject claims, String secret) {
    String alg = header.getString("alg");
    String macName = switch (alg) {
      case "HS256" -> "HmacSHA256";
      case "HS384" -> "HmacSHA384";
      case "HS512" -> "HmacSHA512";
      default -> throw new IllegalArgumentException("not an HMAC algorithm: " + alg);
    };
    String head = b64(header.encode());
    String body = b64(claims.encode());
    try {
      Mac mac = Mac.getInstance(macName);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macName));
      byte[] sig = mac.doFinal((head + "." + body).getBytes(StandardCharsets.UTF_8));
      return head + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
