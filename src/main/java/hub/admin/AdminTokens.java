package hub.admin;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Short-lived admin tokens: {@code <expiry ms>.<HMAC-SHA256 of it>}, keyed by a hash of {@code admin.password}.
 * Every node with the same password accepts the others' tokens (a page behind a load balancer reaches any node),
 * and changing the password revokes them all. Immutable and thread-safe.
 */
public final class AdminTokens {

  private static final String KEY_CONTEXT = "realtime-hub admin token v1\0";

  private final byte[] password;
  private final byte[] key;
  private final Duration ttl;
  private final Clock clock;

  public AdminTokens(String password, Duration ttl, Clock clock) {
    this.password = password.getBytes(StandardCharsets.UTF_8);
    this.ttl = ttl;
    this.clock = clock;
    try {
      this.key = MessageDigest.getInstance("SHA-256").digest((KEY_CONTEXT + password).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time: the comparison takes as long for a near miss as for a wild guess. */
  public boolean passwordMatches(String given) {
    return given != null && MessageDigest.isEqual(password, given.getBytes(StandardCharsets.UTF_8));
  }

  public String mint() {
    String exp = Long.toString(clock.millis() + ttl.toMillis());
    return exp + "." + sign(exp);
  }

  public Duration ttl() {
    return ttl;
  }

  /** Whether {@code token} was minted with this password and has not expired. */
  public boolean valid(String token) {
    if (token == null) {
      return false;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    String exp = token.substring(0, dot);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(sign(exp).getBytes(StandardCharsets.US_ASCII), given)) {
      return false;
    }
    try {
      return Long.parseLong(exp) > clock.millis();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private String sign(String exp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(exp.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
