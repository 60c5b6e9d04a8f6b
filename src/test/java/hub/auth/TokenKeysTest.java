package hub.auth;

import hub.auth.TokenCheck.Reason;
import hub.config.AuthConfig;
import hub.support.Await;
import hub.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key rotation by {@code kid} and the bounded reasons of refused tokens (issue 10, item 16): with the old and the new
 * key both listed, tokens of either pass and a token naming one key but signed with the other does not; once the old
 * key is dropped its tokens are refused; and every refusal is reported under one of a fixed set of reasons.
 */
class TokenKeysTest {

  static final String OLD = "old-hmac-key-of-at-least-32-bytes-0001";
  static final String NEW = "new-hmac-key-of-at-least-32-bytes-0002";

  static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    Await.result(vertx.close());
  }

  private static AuthConfig keys(String... idAndSecret) {
    JsonArray keys = new JsonArray();
    for (int i = 0; i < idAndSecret.length; i += 2) {
      keys.add(new JsonObject().put("algorithm", "HS256").put("id", idAndSecret[i]).put("buffer", idAndSecret[i + 1]));
    }
    return new AuthConfig(new JsonObject().put("pubSecKeys", keys), false);
  }

  private static TokenCheck check(TokenVerifier v, String token) {
    return Await.result(v.verify(token));
  }

  /** An HS256 token whose header names {@code kid}, signed with {@code secret}. */
  static String signed(String kid, String user, String secret) {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    return Tokens.sign(header, new JsonObject().put("sub", user).put("exp", Tokens.nowSeconds() + 600), secret);
  }

  @Test
  void bothKeysPassDuringARotationAndTheOldOneStopsOnceDropped() {
    TokenVerifier during = new TokenVerifier(vertx, keys("k1", OLD, "k2", NEW), Clock.systemUTC());
    assertEquals("alice", assertInstanceOf(TokenCheck.Valid.class,
        check(during, signed("k1", "alice", OLD))).identity().user(), "a token of the old key");
    assertEquals("bob", assertInstanceOf(TokenCheck.Valid.class,
        check(during, signed("k2", "bob", NEW))).identity().user(), "a token of the new key");
    TokenCheck.Invalid crossed = assertInstanceOf(TokenCheck.Invalid.class, check(during, signed("k2", "eve", OLD)));
    assertEquals(Reason.SIGNATURE, crossed.reason(), "the kid picks the key: the other key's signature does not count");

    TokenVerifier after = new TokenVerifier(vertx, keys("k2", NEW), Clock.systemUTC());
    assertInstanceOf(TokenCheck.Valid.class, check(after, signed("k2", "bob", NEW)));
    assertEquals(Reason.UNKNOWN_KEY, assertInstanceOf(TokenCheck.Invalid.class,
        check(after, signed("k1", "alice", OLD))).reason(), "the dropped key's tokens are refused");
    assertEquals(Reason.SIGNATURE, assertInstanceOf(TokenCheck.Invalid.class,
        check(after, signed(null, "alice", OLD))).reason(), "so are they without a kid");
  }

  @Test
  void everyRefusalIsReportedUnderABoundedReason() {
    List<String> reported = new ArrayList<>();
    TokenVerifier v = new TokenVerifier(vertx, keys("k2", NEW), Clock.systemUTC(), reported::add);
    String[] refused = {
        "", "not-a-jwt", "e30.e30.e30", Tokens.unsigned("a"), signed("k2", "a", OLD), signed("k9", "a", NEW),
        Tokens.sign(new JsonObject().put("sub", 5).put("exp", Tokens.nowSeconds() + 60), NEW),
        Tokens.sign(new JsonObject().put("sub", "a"), NEW),
        Tokens.sign(new JsonObject().put("sub", "a").put("exp", Tokens.nowSeconds() + 60)
            .put("nbf", Tokens.nowSeconds() + 600), NEW),
        Tokens.sign(new JsonObject().put("sub", "a").put("exp", Tokens.nowSeconds() - 600), NEW),
        Tokens.sign(new JsonObject().put("sub", "a").put("exp", "soon"), NEW)};
    for (String t : refused) {
      TokenCheck c = check(v, t);
      assertTrue(!(c instanceof TokenCheck.Valid), t);
    }
    assertEquals(List.of("empty", "malformed", "malformed", "unsigned", "signature", "unknown_key", "claims", "no_exp",
        "not_yet_valid", "expired", "malformed"), reported);
    assertTrue(Reason.TAGS.containsAll(reported));
    check(v, signed("k2", "a", NEW));
    assertEquals(refused.length, reported.size(), "a valid token is not reported");
  }
}
