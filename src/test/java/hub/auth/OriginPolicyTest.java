package hub.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Origin patterns: {@code *} is the only wildcard, everything else (dots included) is literal, case does not
 * matter, and a request without Origin (a non-browser client) always passes.
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
  void regexMetacharactersInPatternsAreLiteral() {
    OriginPolicy p = new OriginPolicy(List.of("https://a+b.example", "https://(x|y).example"));
    assertTrue(p.allows("https://a+b.example"));
    assertFalse(p.allows("https://aab.example"));
    assertTrue(p.allows("https://(x|y).example"));
    assertFalse(p.allows("https://x.example"));
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
