package hub.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of checking a connection token. Expiry is kept apart from every other failure because the client
 * reacts differently: an expired token is refreshed and retried (error 109), an invalid one ends the session (3500).
 */
public sealed interface TokenCheck {

  /**
   * Why a token was not accepted, as the bounded {@code reason} tag of {@code hub.tokens.rejected}: a fixed set, never
   * text from the token or the library, so that no client can grow the number of series (issue 10, item 16).
   */
  enum Reason {
    EMPTY, MALFORMED, UNSIGNED, SIGNATURE, UNKNOWN_KEY, ISSUER, AUDIENCE, CLAIMS, NO_EXP, NOT_YET_VALID, EXPIRED;

    /** Every tag, so the counters exist (at zero) from start-up. */
    public static final List<String> TAGS = Arrays.stream(values()).map(Reason::tag).toList();

    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record Valid(Identity identity) implements TokenCheck {
  }

  record Expired() implements TokenCheck {
  }

  /**
   * @param reason the bounded reason, for the metric
   * @param why    a short reason for logs; never contains the token
   */
  record Invalid(Reason reason, String why) implements TokenCheck {
  }
}
