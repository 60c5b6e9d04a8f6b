package hub.log;

import java.util.regex.Pattern;

/**
 * Takes credentials out of text that libraries log as they see it: a request URI with {@code ?token=} or
 * {@code api_key=} in its query (Vert.x Web's router traces every request URI), an {@code Authorization} or
 * {@code X-API-Key} header, and anything shaped like a JWT. Our own code never logs a credential; this is the net
 * for code we do not own. Thread-safe: the patterns are immutable.
 */
final class Redaction {

  static final String MARK = "<redacted>";
  private static final Pattern QUERY_SECRET =
      Pattern.compile("(?i)\\b((?:token|api_key|apikey|password|secret|access_token)=)[^&\\s\"']+");
  private static final Pattern HEADER_SECRET =
      Pattern.compile("(?i)\\b((?:authorization|x-api-key|cookie|set-cookie)\\s*[:=]\\s*)(?:bearer\\s+)?[^\\s,\"']+");
  /** base64url of a JSON header always starts with "eyJ" ({"); three dot-separated parts. */
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

  private Redaction() {
  }

  static String scrub(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    String out = JWT.matcher(s).replaceAll(MARK);
    out = QUERY_SECRET.matcher(out).replaceAll("$1" + MARK);
    return HEADER_SECRET.matcher(out).replaceAll("$1" + MARK);
  }
}
