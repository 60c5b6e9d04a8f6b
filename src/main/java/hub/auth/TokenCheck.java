package hub.auth;

/**
 * The outcome of checking a connection token. Expiry is kept apart from every other failure because the client
 * reacts differently: an expired token is refreshed and retried (error 109), an invalid one ends the session (3500).
 */
public sealed interface TokenCheck {

  record Valid(Identity identity) implements TokenCheck {
  }

  record Expired() implements TokenCheck {
  }

  /** @param why a short reason for logs; never contains the token */
  record Invalid(String why) implements TokenCheck {
  }
}
