package hub.support;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON text from plain trees (maps, lists, strings, numbers, booleans, nulls) plus {@link Raw} pieces copied
 * as they are, for the fuzzer: a number past a long or 1e400 must reach the hub as written, which no JSON library
 * would print. Strings are escaped as a client would send them, control characters and lone surrogates included.
 * Stateless.
 */
public final class RawJson {

  /** Text written into the frame as it is: a number no library would print, or deliberately broken JSON. */
  public record Raw(String text) {
  }

  private RawJson() {
  }

  /** JSON text of a tree of maps, lists, strings, numbers, booleans, nulls and {@link Raw} pieces. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(value, sb);
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static void write(Object value, StringBuilder sb) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof Raw r) {
      sb.append(r.text());
    } else if (value instanceof String s) {
      quote(s, sb);
    } else if (value instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        quote(e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), sb);
      }
      sb.append('}');
    } else if (value instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        write(l.get(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(value); // Long, Double, Boolean
    }
  }

  /** Escapes what JSON requires, so control characters and lone surrogates arrive as the escapes a client sends. */
  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validPair(s, i)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
