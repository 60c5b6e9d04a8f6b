package hub.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps every record one JUL logger (and its children) publishes while attached, for tests that count log lines.
 * {@link #all} also opens the logger's level to {@code ALL} until {@link #close}, so DEBUG lines can be counted too
 * (never for a chatty library's logger: its FINE lines would reach every handler). Records may arrive from any
 * thread.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level before;
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (records) {
        records.add(r);
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private LogCapture(Logger logger, boolean everyLevel) {
    this.logger = logger;
    this.before = logger.getLevel();
    if (everyLevel) {
      logger.setLevel(Level.ALL);
    }
    logger.addHandler(handler);
  }

  /** Starts capturing what {@code loggerName} and the loggers below it publish at the levels they log now. */
  public static LogCapture of(String loggerName) {
    return new LogCapture(Logger.getLogger(loggerName), false);
  }

  /** Starts capturing every level {@code loggerName} and the loggers below it publish. */
  public static LogCapture all(String loggerName) {
    return new LogCapture(Logger.getLogger(loggerName), true);
  }

  /** The records kept so far that match {@code filter}, in arrival order. */
  public List<LogRecord> records(Predicate<LogRecord> filter) {
    synchronized (records) {
      return records.stream().filter(filter).toList();
    }
  }

  /** The records kept so far at exactly {@code level}. */
  public List<LogRecord> at(Level level) {
    return records(r -> r.getLevel() == level);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setLevel(before);
  }
}
