package hub.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The structured part of a log record (client, user, channel, code, reason...), passed as the last parameter of a
 * {@code System.Logger} call: {@code LOG.log(INFO, "session closed", LogFields.of("client", id, "code", 3008))}.
 * {@link LineFormatter} writes them as JSON fields or as {@code key=value} after the text. Only identifiers and codes
 * belong here, never a credential. Immutable.
 */
public final class LogFields {

  private final List<Map.Entry<String, Object>> entries;

  private LogFields(List<Map.Entry<String, Object>> entries) {
    this.entries = Collections.unmodifiableList(entries);
  }

  /** Alternating names and values; a null value is left out. */
  public static LogFields of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate");
    }
    List<Map.Entry<String, Object>> out = new ArrayList<>(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        out.add(Map.entry(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]));
      }
    }
    return new LogFields(out);
  }

  public List<Map.Entry<String, Object>> entries() {
    return entries;
  }

  /** What a formatter that does not know this class prints (the JVM's default one, in tests). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : entries) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }
}
