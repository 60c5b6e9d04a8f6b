package hub.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Origin patterns are parsed into scheme, host and port: {@code *} stands only for the whole pattern, a whole
 * leading host label or the port; case does not matter, and a request without Origin (a non-browser client) passes.
 */
class OriginPolicyTest {

  @Test
  void exactPatternAdmitsOnlyThatOrigin() {
    OriginPolicy p = new OriginPolicy(List.of("https://app.example.com"));
    assertTrue(p.allows("https://app.example.com"));
    assertFalse(p.allows("http://app.example.com"), "scheme is part of the origin");
    assertFalse(p.allows("https://app.example.com:8443"), "so is the port");
    assertFalse(p.allows("https://app.example.com.evil.org"));
    assertFalse(p.allows("https://evil.org/https://app.example.com"));
    assertFalse(p.allows("https://appXexample.com"), "a dot in a pattern is not a regex wildcard");
    assertFalse(p.allows(""));
  }

  @Test
  void wildcardPortAdmitsAnyPortOfThatHost() {
    OriginPolicy p = new OriginPolicy(List.of("http://localhost:*"));
    assertTrue(p.allows("http://localhost:3000"));
    assertTrue(p.allows("http://localhost:8080"));
    assertFalse(p.allows("http://localhost"), "the colon is literal");
    assertFalse(p.allows("https://localhost:3000"));
    assertFalse(p.allows("http://localhostile.example:80"));
  }

  @Test
  void wildcardSubdomainNeedsTheDot() {
    OriginPolicy p = new OriginPolicy(List.of("https://*.example.com"));
    assertTrue(p.allows("https://app.example.com"));
    assertTrue(p.allows("https://a.b.example.com"));
    assertFalse(p.allows("https://example.com"));
    assertFalse(p.allows("https://evilexample.com"));
  }

  @Test
  void starAloneAdmitsEverything() {
    OriginPolicy p = new OriginPolicy(List.of("*"));
    assertTrue(p.allows("https://anything.example"));
    assertTrue(p.allows("null"));
    assertTrue(p.allows(""));
  }

  @Test
  void matchesCaseInsensitively() {
    OriginPolicy p = new OriginPolicy(List.of("https://App.Example.com"));
    assertTrue(p.allows("https://app.example.com"));
    assertTrue(p.allows("HTTPS://APP.EXAMPLE.COM"));
  }

  @Test
  void anyOfSeveralPatternsAdmits() {
    OriginPolicy p = new OriginPolicy(List.of("https://a.example", "https://b.example"));
    assertTrue(p.allows("https://a.example"));
    assertTrue(p.allows("https://b.example"));
    assertFalse(p.allows("https://c.example"));
  }

  @Test
  void requestWithoutOriginPasses() {
    assertTrue(new OriginPolicy(List.of("https://app.example.com")).allows(null));
    assertTrue(new OriginPolicy(List.of()).allows(null));
  }

  @Test
  void emptyListRefusesEveryOrigin() {
    OriginPolicy p = new OriginPolicy(List.of());
    assertFalse(p.allows("https://app.example.com"));
    assertFalse(p.allows("null"));
    assertFalse(p.allows(""));
  }

  @Test
  void aStarInsideAHostIsNotAPattern() {
    // Issue 10 item 15: as a text glob, "http://localhost*" admitted http://localhost.evil.com.
    for (String bad : List.of("http://localhost*", "https://a*.example.com", "https://*", "https://example.*",
        "https://*example.com", "https://a.*.example.com", "http://*:*", "https://[::1]*")) {
      assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of(bad)), bad);
    }
  }

  @Test
  void somethingThatIsNotAnOriginIsNotAPattern() {
    for (String bad : List.of("", "localhost", "*.example.com", "https://", "https://example.com/",
        "https://example.com/app", "https://user@example.com", "https://example.com:99999", "https://example.com:0",
        "https://example.com:http", "https://ex ample.com", "https://a+b.example", "https://(x|y).example",
        "https://example.com?", "1http://example.com", "https://-a.example.com", "https://a..example.com")) {
      assertThrows(IllegalArgumentException.class, () -> new OriginPolicy(List.of(bad)), bad);
    }
  }

  @Test
  void aWildcardLabelMatchesWholeLabelsOfAnOriginWithoutPathOrUserInfo() {
    OriginPolicy p = new OriginPolicy(List.of("https://*.example.com"));
    // Each of these ends with ".example.com" as text; none is an origin whose host is under example.com.
    assertFalse(p.allows("https://evil.com/.example.com"));
    assertFalse(p.allows("https://evil.com?.example.com"));
    assertFalse(p.allows("https://evil.com#.example.com"));
    assertFalse(p.allows("https://evil.com@a.example.com"));
    assertFalse(p.allows("https://a.example.com.evil.com"));
    assertFalse(p.allows("https://a.example.com:443"), "no port in the pattern means none in the Origin");
    assertFalse(p.allows("https://.example.com"));
    assertFalse(p.allows("https://a b.example.com"));
  }

  @Test
  void aWildcardPortIsOnlyAPort() {
    OriginPolicy p = new OriginPolicy(List.of("http://localhost:*", "http://127.0.0.1:*"));
    assertFalse(p.allows("http://localhost.evil.com"));
    assertFalse(p.allows("http://localhost.evil.com:80"));
    assertFalse(p.allows("http://localhost:80.evil.com"));
    assertFalse(p.allows("http://localhost:3000/x"));
    assertFalse(p.allows("http://localhost:0"));
    assertFalse(p.allows("http://127.0.0.1.evil.com:80"));
    assertTrue(p.allows("http://127.0.0.1:5173"));
  }

  @Test
  void ipv6HostsCompareAsAWhole() {
    OriginPolicy p = new OriginPolicy(List.of("http://[::1]:*"));
    assertTrue(p.allows("http://[::1]:8000"));
    assertFalse(p.allows("http://[::2]:8000"));
    assertFalse(p.allows("http://[::1]"));
  }

  @Test
  void caseFoldingDoesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      OriginPolicy p = new OriginPolicy(List.of("https://wiki.example"));
      assertTrue(p.allows("HTTPS://WIKI.EXAMPLE"));
    } finally {
      Locale.setDefault(saved);
    }
  }
}
