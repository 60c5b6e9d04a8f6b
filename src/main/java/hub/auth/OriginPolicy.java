package hub.auth;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the Origin header of an upgrade request against configured patterns, where {@code *} matches any run of
 * characters. A request without Origin (a non-browser client) passes: Origin protects browsers' users from other
 * sites, and non-browser clients can send any Origin they like anyway. Immutable and thread-safe.
 */
public final class OriginPolicy {

  private final List<Pattern> allowed;

  public OriginPolicy(List<String> patterns) {
    this.allowed = patterns.stream().map(OriginPolicy::compile).toList();
  }

  public boolean allows(String origin) {
    if (origin == null) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    for (Pattern p : allowed) {
      if (p.matcher(o).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern compile(String glob) {
    String[] literals = glob.toLowerCase(Locale.ROOT).split("\\*", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(literals[i]));
    }
    return Pattern.compile(re.toString());
  }
}
