package hub.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One parsed entry of {@code client.allowedOrigins}: a scheme, a host and a port, compared as parts and never as
 * text (issue 10 item 15: a text glob let {@code http://localhost*} admit {@code http://localhost.evil.com}).
 * {@code *} may stand only for the whole pattern (any Origin, {@code "null"} included), for a whole leading DNS label
 * ({@code https://*.example.com}: one or more labels in front of {@code example.com}, never {@code example.com}
 * itself) or for the port ({@code http://localhost:*}: any explicit port). Immutable and thread-safe.
 *
 * @param scheme     lower-case scheme, such as {@code https}
 * @param host       lower-case host; for a wildcard pattern the part after {@code *.}
 * @param anySubhost whether the pattern began with {@code *.}
 * @param port       the explicit port, {@link #NO_PORT} when the Origin must carry none, {@link #ANY_PORT} for {@code :*}
 */
public record OriginPattern(String scheme, String host, boolean anySubhost, int port) {

  public static final int NO_PORT = -1;
  public static final int ANY_PORT = -2;
  /** The pattern {@code *}: every Origin. */
  public static final OriginPattern ANY = new OriginPattern("*", "*", true, ANY_PORT);

  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  /** A DNS label (letters, digits, inner hyphens; underscores occur in real names too), at most 63 characters. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+]");

  /** Parses a configured pattern; the message of the exception says what is wrong with it. */
  public static OriginPattern parse(String text) {
    if ("*".equals(text)) {
      return ANY;
    }
    Origin o = split(text, true);
    boolean wild = o.host.startsWith("*.");
    String host = wild ? o.host.substring(2) : o.host;
    if (host.contains("*")) {
      throw new IllegalArgumentException("'*' may only be the whole first label of the host (*.example.com)");
    }
    if (!validHost(host)) {
      throw new IllegalArgumentException("'" + o.host + "' is not a host name");
    }
    if (wild && IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException("an IPv6 address takes no '*'");
    }
    return new OriginPattern(o.scheme, host, wild, o.port);
  }

  /** Whether {@code origin}, the value of an Origin header, is admitted by this pattern. */
  public boolean matches(String origin) {
    if ("*".equals(scheme)) {
      return true;
    }
    Origin o;
    try {
      o = split(origin, false);
    } catch (IllegalArgumentException notAnOrigin) {
      return false; // "null", a path, user info, garbage: only the pattern "*" admits those
    }
    if (!o.scheme.equals(scheme) || !validHost(o.host)) {
      return false;
    }
    if (port == ANY_PORT ? o.port == NO_PORT : o.port != port) {
      return false;
    }
    if (!anySubhost) {
      return o.host.equals(host);
    }
    // At least one whole label in front: "evilexample.com" and "example.com" itself do not end in ".example.com".
    return o.host.length() > host.length() + 1 && o.host.endsWith("." + host);
  }

  private record Origin(String scheme, String host, int port) {
  }

  /** {@code scheme://host[:port]} and nothing else (an Origin carries no path, query or user info). */
  private static Origin split(String text, boolean pattern) {
    String s = text.toLowerCase(Locale.ROOT);
    int sep = s.indexOf("://");
    if (sep <= 0) {
      throw new IllegalArgumentException("must look like scheme://host or scheme://host:port");
    }
    String scheme = s.substring(0, sep);
    if (!SCHEME.matcher(scheme).matches()) {
      throw new IllegalArgumentException("'" + scheme + "' is not a scheme");
    }
    String rest = s.substring(sep + 3);
    if (rest.isEmpty() || rest.indexOf('/') >= 0 || rest.indexOf('@') >= 0 || rest.indexOf('?') >= 0
        || rest.indexOf('#') >= 0) {
      throw new IllegalArgumentException("must be scheme://host[:port] with no path, query or user info");
    }
    int colon = rest.startsWith("[") ? rest.indexOf(':', Math.max(0, rest.indexOf(']'))) : rest.lastIndexOf(':');
    if (colon < 0) {
      return new Origin(scheme, rest, NO_PORT);
    }
    return new Origin(scheme, rest.substring(0, colon), port(rest.substring(colon + 1), pattern));
  }

  private static int port(String text, boolean pattern) {
    if (pattern && "*".equals(text)) {
      return ANY_PORT;
    }
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("'" + text + "' is not a port" + (pattern ? " or '*'" : ""));
    }
    int p = Integer.parseInt(text);
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("port " + p + " is out of range");
    }
    return p;
  }

  private static boolean validHost(String host) {
    if (IPV6.matcher(host).matches()) {
      return true;
    }
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
