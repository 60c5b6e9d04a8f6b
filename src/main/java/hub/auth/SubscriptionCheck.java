package hub.auth;

/**
 * The outcome of checking a subscription token (protocol.md 9.3). As for connection tokens, expiry is kept apart:
 * the SDK fetches a new token on 109, while a forged or unparsable token is refused with 103.
 */
public sealed interface SubscriptionCheck {

  record Valid(SubscriptionGrant grant) implements SubscriptionCheck {
  }

  record Expired() implements SubscriptionCheck {
  }

  /** @param why a short reason for logs; never contains the token */
  record Invalid(String why) implements SubscriptionCheck {
  }
}
