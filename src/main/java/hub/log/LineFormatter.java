package hub.log;

import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One log record per line, as readable text (the default, for terminals) or as one JSON object (for log
 * collectors): {@code ts}, {@code level}, {@code logger}, {@code msg}, {@code node}, then the record's
 * {@link LogFields} and, for a failure, {@code error} and {@code stack}. Credentials that a library put into its
 * text are replaced ({@link Redaction}). Levels are named as SLF4J names them
 * (TRACE, DEBUG, INFO, WARN, ERROR), whatever the library that logged. Thread-safe: no mutable state.
 */
public final class LineFormatter extends Formatter {

  private final boolean json;
  private final String node;

  public LineFormatter(boolean json, String node) {
    this.json = json;
    this.node = node;
  }

  @Override
  public String format(LogRecord record) {
    List<Object> plain = new ArrayList<>();
    LogFields fields = split(record, plain);
    String msg = Redaction.scrub(message(record, plain));
    return json ? json(record, msg, fields) : text(record, msg, fields);
  }

  private String json(LogRecord record, String msg, LogFields fields) {
    JsonObject line = new JsonObject()
        .put("ts", Instant.ofEpochMilli(record.getMillis()).toString())
        .put("level", levelName(record.getLevel()))
        .put("logger", record.getLoggerName())
        .put("msg", msg)
        .put("node", node);
    if (fields != null) {
      for (Map.Entry<String, Object> e : fields.entries()) {
        Object v = e.getValue();
        line.put(e.getKey(), v instanceof Number || v instanceof Boolean ? v : Redaction.scrub(String.valueOf(v)));
      }
    }
    if (record.getThrown() != null) {
      line.put("error", Redaction.scrub(String.valueOf(record.getThrown())));
      StringWriter stack = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(stack));
      line.put("stack", Redaction.scrub(stack.toString()));
    }
    return line.encode() + System.lineSeparator();
  }

  private String text(LogRecord record, String msg, LogFields fields) {
    StringBuilder sb = new StringBuilder(128)
        .append(Instant.ofEpochMilli(record.getMillis())).append(' ')
        .append(String.format("%-5s", levelName(record.getLevel()))).append(' ')
        .append(record.getLoggerName()).append(": ").append(oneLine(msg));
    if (fields != null && !fields.entries().isEmpty()) {
      sb.append(' ').append(oneLine(Redaction.scrub(fields.toString())));
    }
    Throwable t = record.getThrown();
    if (t != null) {
      // One line per record: the failure and where it was thrown; the JSON format carries the whole stack.
      sb.append(" error=").append(oneLine(Redaction.scrub(String.valueOf(t))));
      StackTraceElement[] frames = t.getStackTrace();
      if (frames.length > 0) {
        sb.append(" at ").append(frames[0]);
      }
    }
    return sb.append(System.lineSeparator()).toString();
  }

  /** Takes the {@link LogFields} out of the parameters; the others stay for the message pattern. */
  private static LogFields split(LogRecord record, List<Object> plain) {
    LogFields fields = null;
    Object[] params = record.getParameters();
    if (params != null) {
      for (Object p : params) {
        if (p instanceof LogFields f) {
          fields = f;
        } else {
          plain.add(p);
        }
      }
    }
    return fields;
  }

  private String message(LogRecord record, List<Object> plain) {
    Object[] original = record.getParameters();
    record.setParameters(plain.isEmpty() ? null : plain.toArray());
    try {
      return formatMessage(record);
    } finally {
      record.setParameters(original);
    }
  }

  private static String oneLine(String s) {
    return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r", "").replace("\n", " \\n ");
  }

  static String levelName(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (v >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (v >= Level.INFO.intValue()) {
      return "INFO";
    }
    return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }
}
