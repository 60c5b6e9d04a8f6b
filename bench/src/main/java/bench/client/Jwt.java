package bench.client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Mints HS256 connection tokens for the hub adapter. Written by hand (one HMAC) so the client
 * needs no JWT library; instances are not thread-safe because {@link Mac} is not.
 */
public final class Jwt {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  /** Far enough that no bench run outlives its tokens. */
  static final long LIFETIME_SECONDS = 7 * 24 * 3600;

  private final Mac mac;
  private final long exp;

  /** Tokens that expire {@link #LIFETIME_SECONDS} from now. */
  public Jwt(String secret) {
    this(secret, System.currentTimeMillis() / 1000 + LIFETIME_SECONDS);
  }

  /** @param exp the {@code exp} claim of every token, in unix seconds */
  public Jwt(String secret, long exp) {
    this.exp = exp;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /**
   * A token for user {@code sub}. It carries an {@code exp} because the hub refuses tokens without one
   * ({@code auth.requireExp}); a far one, because bench sessions must not expire mid-run.
   */
  public String forSubject(String sub) {
    String claims = URL.encodeToString(("{\"sub\":\"" + sub + "\",\"exp\":" + exp + "}")
        .getBytes(StandardCharsets.UTF_8));
    String signingInput = HEADER + "." + claims;
    byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + URL.encodeToString(sig);
  }
}
