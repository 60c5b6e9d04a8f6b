package hub.auth;

import hub.config.OriginPattern;

import java.util.List;

/**
 * Checks the Origin header of an upgrade request against configured {@link OriginPattern}s, which compare scheme,
 * host and port as parts. A request without Origin (a non-browser client) passes: Origin protects browsers' users
 * from other sites, and non-browser clients can send any Origin they like anyway. Immutable and thread-safe.
 */
public final class OriginPolicy {

  private final List<OriginPattern> allowed;

  /** @throws IllegalArgumentException when a pattern does not parse (the config loader has checked them already) */
  public OriginPolicy(List<String> patterns) {
    this.allowed = patterns.stream().map(OriginPattern::parse).toList();
  }

  public boolean allows(String origin) {
    if (origin == null) {
      return true;
    }
    for (OriginPattern p : allowed) {
      if (p.matches(origin)) {
        return true;
      }
    }
    return false;
  }
}
