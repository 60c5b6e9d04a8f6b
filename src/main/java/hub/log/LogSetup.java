package hub.log;

import hub.config.LogConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Points every logger of the process at one stderr handler with the configured {@link LineFormatter}, and sets the
 * configured level per logger. Everything in the jar already logs through java.util.logging (ours through
 * {@code System.Logger}; Vert.x, Netty, Hazelcast and Micrometer because the jar carries no SLF4J), so this one
 * handler covers them all. Called once from the main thread, before the node starts.
 */
public final class LogSetup {

  /** Held strongly: JUL keeps loggers weakly, and a collected logger forgets its level. */
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private LogSetup() {
  }

  public static synchronized void apply(LogConfig config, String node) {
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler(); // stderr, as the JVM's default handler
    console.setLevel(Level.ALL);
    console.setFormatter(new LineFormatter(config.json(), node));
    root.addHandler(console);
    root.setLevel(julLevel(LogConfig.DEFAULT_LEVEL));
    for (Map.Entry<String, String> e : config.levels().entrySet()) {
      Logger logger = e.getKey().isEmpty() ? root : Logger.getLogger(e.getKey());
      logger.setLevel(julLevel(e.getValue()));
      CONFIGURED.add(logger);
    }
  }

  /** SLF4J's level names onto java.util.logging's, as System.Logger maps them. */
  static Level julLevel(String name) {
    return switch (name) {
      case "OFF" -> Level.OFF;
      case "ERROR" -> Level.SEVERE;
      case "WARN" -> Level.WARNING;
      case "INFO" -> Level.INFO;
      case "DEBUG" -> Level.FINE;
      case "TRACE" -> Level.FINER;
      case "ALL" -> Level.ALL;
      default -> throw new IllegalArgumentException("unknown level " + name);
    };
  }
}
