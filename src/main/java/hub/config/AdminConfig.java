package hub.config;

import java.time.Duration;

/**
 * The operators' admin access.
 *
 * @param enabled  serve {@code /admin/login} and accept admin tokens on the server API
 * @param password exchanged at {@code /admin/login} for a short-lived admin token; required when enabled
 * @param tokenTtl how long an admin token is accepted
 */
public record AdminConfig(boolean enabled, String password, Duration tokenTtl) {

  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(15);
  public static final int MIN_PASSWORD_LENGTH = 8;

  static AdminConfig from(JsonReader r) {
    boolean enabled = r.bool("enabled", false);
    String password = r.string("password", "");
    Duration ttl = r.millis("tokenTtlMs", DEFAULT_TOKEN_TTL, 1_000, 86_400_000);
    r.rejectUnknownKeys();
    if (enabled && password.length() < MIN_PASSWORD_LENGTH) {
      throw new ConfigException(r.pathOf("password"),
          "must be at least " + MIN_PASSWORD_LENGTH + " characters when admin.enabled is true");
    }
    return new AdminConfig(enabled, password, ttl);
  }

  /** Never the password: a record prints its fields, and this one may end up in a log line. */
  @Override
  public String toString() {
    return "AdminConfig[enabled=" + enabled + ", tokenTtl=" + tokenTtl + "]";
  }
}
