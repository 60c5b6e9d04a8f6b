package hub.auth;

import hub.config.AuthConfig;
import hub.support.Await;
import hub.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Connection tokens: a good signature and good claims give an identity; an expired token is told apart from every
 * other failure (109 versus 3500); forged, unsigned and misused tokens never pass.
 */
class TokenVerifierTest {

  /** A fixed "now", so that expiry boundaries are exact. */
  private static final long NOW_S = 1_800_000_000L;
  private static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(NOW_S), ZoneOffset.UTC);

  static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    Await.result(vertx.close());
  }

  private static AuthConfig hs256(JsonObject jwtOptions) {
    JsonObject jwt = new JsonObject().put("pubSecKeys", new JsonArray()
        .add(new JsonObject().put("algorithm", "HS256").put("buffer", Tokens.SECRET)));
    if (jwtOptions != null) {
      jwt.put("jwtOptions", jwtOptions);
    }
    return new AuthConfig(jwt, false);
  }

  private static TokenCheck check(String token) {
    return check(new TokenVerifier(vertx, hs256(null), FIXED), token);
  }

  private static TokenCheck check(TokenVerifier verifier, String token) {
    return Await.result(verifier.verify(token));
  }

  private static String token(JsonObject claims) {
    return Tokens.withClaims(claims);
  }

  @Test
  void validTokenGivesUserAndExpiry() {
    TokenCheck c = check(token(new JsonObject().put("sub", "alice").put("exp", NOW_S + 60)));
    assertEquals(new TokenCheck.Valid(new Identity("alice", null, (NOW_S + 60) * 1000)), c);
  }

  @Test
  void tokenWithoutExpiryIsInvalidByDefault() {
    TokenCheck.Invalid i = assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", "bob"))));
    assertEquals(TokenCheck.Reason.NO_EXP, i.reason());
  }

  @Test
  void tokenWithoutExpiryNeverExpiresWhenExpIsNotRequired() {
    AuthConfig auth = new AuthConfig(hs256(null).jwt(), false, false);
    TokenCheck.Valid v = assertInstanceOf(TokenCheck.Valid.class,
        check(new TokenVerifier(vertx, auth, FIXED), token(new JsonObject().put("sub", "bob"))));
    assertEquals(0, v.identity().expiresAtMs());
    assertEquals(false, v.identity().expires());
  }

  @Test
  void tokenWithoutSubjectIsAnonymous() {
    TokenCheck.Valid v = assertInstanceOf(TokenCheck.Valid.class,
        check(token(new JsonObject().put("exp", NOW_S + 60))));
    assertEquals("", v.identity().user());
  }

  @Test
  void infoClaimIsCarriedAsGiven() {
    JsonObject info = new JsonObject().put("name", "Alice").put("roles", new JsonArray().add("admin"));
    TokenCheck.Valid v = assertInstanceOf(TokenCheck.Valid.class,
        check(token(new JsonObject().put("sub", "alice").put("exp", NOW_S + 60).put("info", info))));
    assertEquals(info, v.identity().info());
    TokenCheck.Valid s = assertInstanceOf(TokenCheck.Valid.class,
        check(token(new JsonObject().put("sub", "alice").put("exp", NOW_S + 60).put("info", "just text"))));
    assertEquals("just text", s.identity().info());
    TokenCheck.Valid none = assertInstanceOf(TokenCheck.Valid.class,
        check(token(new JsonObject().put("sub", "alice").put("exp", NOW_S + 60))));
    assertNull(none.identity().info());
  }

  @Test
  void expiredTokenIsToldApartFromInvalidOnes() {
    assertEquals(new TokenCheck.Expired(), check(token(new JsonObject().put("sub", "alice").put("exp", NOW_S - 1))));
    assertEquals(new TokenCheck.Expired(),
        check(token(new JsonObject().put("sub", "alice").put("exp", NOW_S - 86_400))));
  }

  @Test
  void expiryBoundaryIsExact() {
    long exp = NOW_S + 10;
    String t = token(new JsonObject().put("sub", "alice").put("exp", exp));
    Clock atExpiry = Clock.fixed(Instant.ofEpochSecond(exp), ZoneOffset.UTC);
    Clock justAfter = Clock.fixed(Instant.ofEpochMilli(exp * 1000 + 1), ZoneOffset.UTC);
    assertInstanceOf(TokenCheck.Valid.class, check(new TokenVerifier(vertx, hs256(null), atExpiry), t));
    assertEquals(new TokenCheck.Expired(), check(new TokenVerifier(vertx, hs256(null), justAfter), t));
  }

  @Test
  void leewayExtendsExpiryAndNotBefore() {
    TokenVerifier lenient = new TokenVerifier(vertx, hs256(new JsonObject().put("leeway", 30)), FIXED);
    assertInstanceOf(TokenCheck.Valid.class,
        check(lenient, token(new JsonObject().put("sub", "a").put("exp", NOW_S - 20))));
    assertEquals(new TokenCheck.Expired(),
        check(lenient, token(new JsonObject().put("sub", "a").put("exp", NOW_S - 40))));
    assertInstanceOf(TokenCheck.Valid.class,
        check(lenient, token(new JsonObject().put("sub", "a").put("exp", NOW_S + 60).put("nbf", NOW_S + 20))));
    assertInstanceOf(TokenCheck.Invalid.class,
        check(lenient, token(new JsonObject().put("sub", "a").put("exp", NOW_S + 60).put("nbf", NOW_S + 40))));
  }

  @Test
  void notBeforeInTheFutureIsInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class,
        check(token(new JsonObject().put("sub", "alice").put("nbf", NOW_S + 60).put("exp", NOW_S + 120))));
    assertInstanceOf(TokenCheck.Valid.class,
        check(token(new JsonObject().put("sub", "alice").put("nbf", NOW_S - 60).put("exp", NOW_S + 120))));
  }

  @Test
  void forgedSignatureIsInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class, check(Tokens.sign(
        new JsonObject().put("sub", "mallory").put("exp", NOW_S + 60), "some-other-secret-of-enough-length")));
  }

  @Test
  void swappedPayloadIsInvalid() {
    String alice = token(new JsonObject().put("sub", "alice").put("exp", NOW_S + 60));
    String mallory = token(new JsonObject().put("sub", "mallory").put("exp", NOW_S + 60));
    String[] a = alice.split("\\.");
    String[] m = mallory.split("\\.");
    assertInstanceOf(TokenCheck.Invalid.class, check(a[0] + "." + m[1] + "." + a[2]));
  }

  @Test
  void unsignedTokenIsInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class, check(Tokens.unsigned("mallory")));
    // alg:none with a signature part copied from a real token must not pass either
    String real = token(new JsonObject().put("sub", "mallory"));
    String[] unsigned = Tokens.unsigned("mallory").split("\\.");
    assertInstanceOf(TokenCheck.Invalid.class, check(unsigned[0] + "." + unsigned[1] + "." + real.split("\\.")[2]));
  }

  @Test
  void algorithmThatIsNotConfiguredIsInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class, check(hs512(new JsonObject().put("sub", "alice"), Tokens.SECRET)));
  }

  @Test
  void channelClaimMakesAConnectionTokenInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class,
        check(token(new JsonObject().put("sub", "alice").put("channel", "chat:1"))));
  }

  @Test
  void subjectThatIsNotAStringIsInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", 42))));
    assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", new JsonObject()))));
    assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", true))));
  }

  @Test
  void nonPositiveTimeClaimsAreInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", "a").put("exp", -5))));
    assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", "a").put("exp", 0))));
    assertInstanceOf(TokenCheck.Invalid.class, check(token(new JsonObject().put("sub", "a").put("nbf", -1))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"exp", "nbf", "iat"})
  void timeClaimsThatAreNotNumbersAreInvalid(String claim) {
    JsonObject claims = new JsonObject().put("sub", "a").put(claim, "tomorrow");
    assertInstanceOf(TokenCheck.Invalid.class, check(token(claims)));
    claims.put(claim, new JsonObject());
    assertInstanceOf(TokenCheck.Invalid.class, check(token(claims)));
  }

  @Test
  void configuredAudienceAndIssuerAreEnforced() {
    TokenVerifier strict = new TokenVerifier(vertx,
        hs256(new JsonObject().put("audience", new JsonArray().add("hub")).put("issuer", "issuer-1")), FIXED);
    JsonObject a = new JsonObject().put("sub", "a").put("exp", NOW_S + 60);
    assertInstanceOf(TokenCheck.Valid.class, check(strict, token(a.copy().put("aud", "hub").put("iss", "issuer-1"))));
    assertEquals(TokenCheck.Reason.AUDIENCE, assertInstanceOf(TokenCheck.Invalid.class,
        check(strict, token(a.copy().put("aud", "other").put("iss", "issuer-1")))).reason());
    assertEquals(TokenCheck.Reason.ISSUER, assertInstanceOf(TokenCheck.Invalid.class,
        check(strict, token(a.copy().put("aud", "hub").put("iss", "issuer-2")))).reason());
    assertInstanceOf(TokenCheck.Invalid.class, check(strict, token(a.copy().put("aud", "hub"))));
    assertInstanceOf(TokenCheck.Invalid.class, check(strict, token(a.copy().put("aud", "hub").put("iss", 5))));
  }

  @Test
  void audienceOfTheWrongTypeIsInvalid() {
    TokenVerifier strict = new TokenVerifier(vertx, hs256(new JsonObject().put("audience", new JsonArray().add("hub"))),
        FIXED);
    assertInstanceOf(TokenCheck.Invalid.class, check(strict, token(new JsonObject().put("sub", "a").put("aud", 5))));
    assertInstanceOf(TokenCheck.Invalid.class,
        check(strict, token(new JsonObject().put("sub", "a").put("aud", new JsonObject()))));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "not-a-jwt", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9..", "e30.e30.e30"})
  void garbageIsInvalid(String garbage) {
    assertInstanceOf(TokenCheck.Invalid.class, check(garbage));
  }

  @Test
  void nullTokenIsInvalid() {
    assertInstanceOf(TokenCheck.Invalid.class, check(null));
  }

  @Test
  void invalidReasonNeverContainsTheToken() {
    String t = token(new JsonObject().put("sub", "alice").put("channel", "x"));
    TokenCheck.Invalid invalid = assertInstanceOf(TokenCheck.Invalid.class, check(t));
    assertEquals(false, invalid.why().contains(t.split("\\.")[1]), invalid.why());
  }

  private static String hs512(JsonObject claims, String secret) {
    return Tokens.sign(new JsonObject().put("alg", "HS512").put("typ", "JWT"), claims, secret);
  }
}
