package hub.admin;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An admin token is good for its lifetime, on any node with the same password, and nowhere else. */
class AdminTokensTest {

  private static Clock at(long ms) {
    return Clock.fixed(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }

  @Test
  void aTokenIsAcceptedUntilItExpiresAndBySiblingNodes() {
    String token = new AdminTokens("correct horse", Duration.ofMinutes(15), at(1_000)).mint();
    assertTrue(new AdminTokens("correct horse", Duration.ofMinutes(15), at(1_000 + 899_999)).valid(token));
    assertFalse(new AdminTokens("correct horse", Duration.ofMinutes(15), at(1_000 + 900_000)).valid(token));
  }

  @Test
  void aTokenOfAnotherPasswordOrAlteredIsRefused() {
    AdminTokens tokens = new AdminTokens("correct horse", Duration.ofMinutes(15), at(1_000));
    String token = tokens.mint();
    assertFalse(new AdminTokens("another password", Duration.ofMinutes(15), at(1_000)).valid(token));
    String later = "9" + token; // push the expiry far out without re-signing
    assertFalse(tokens.valid(later));
    for (String bad : new String[] {null, "", ".", "abc", "123.", ".sig", token.substring(0, token.length() - 1)}) {
      assertFalse(tokens.valid(bad), bad);
    }
  }

  @Test
  void passwordMatchIsExact() {
    AdminTokens tokens = new AdminTokens("correct horse", Duration.ofMinutes(15), at(0));
    assertTrue(tokens.passwordMatches("correct horse"));
    assertFalse(tokens.passwordMatches("correct hors"));
    assertFalse(tokens.passwordMatches("correct horse "));
    assertFalse(tokens.passwordMatches(null));
  }
}
