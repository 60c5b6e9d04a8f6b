package hub.metrics;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Silences one false warning, and only that one: "This Gauge has been already registered (MeterId{name='vertx....'})",
 * which every node start printed. It does not come from our registry setup. vertx-micrometer-metrics 5.0.7 registers
 * its gauges again for every event-bus handler, HTTP request, WebSocket and pool (the second consumer a node
 * registers triggers it) and keeps their values in its own table keyed by meter id, so the values are right;
 * Micrometer 1.15 warns on any re-registration. Both upstream projects track this as open
 * (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931); disabling the Vert.x metric domains
 * instead would lose the event-bus, HTTP and pool metrics. Warnings about any other meter, ours included, and every
 * other message of that logger still pass. Thread-safe: a {@link Filter} on one JUL logger, installed once per JVM.
 */
public final class VertxGaugeNotice implements Filter {

  /** The logger Micrometer's {@code MeterRegistry} warns through (JUL: the fat jar carries no SLF4J). */
  static final String MICROMETER_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  static final String VERTX_GAUGE_WARNING = "This Gauge has been already registered (MeterId{name='vertx.";

  /** Held strongly: JUL keeps loggers only weakly, and a collected logger would forget its filter. */
  private static final Logger TARGET = Logger.getLogger(MICROMETER_LOGGER);

  private final Filter previous;

  private VertxGaugeNotice(Filter previous) {
    this.previous = previous;
  }

  /** Installs the filter in front of whatever filter the logger had; a second call changes nothing. */
  public static synchronized void install() {
    Filter current = TARGET.getFilter();
    if (!(current instanceof VertxGaugeNotice)) {
      TARGET.setFilter(new VertxGaugeNotice(current));
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    if (message != null && message.startsWith(VERTX_GAUGE_WARNING)) {
      return false;
    }
    return previous == null || previous.isLoggable(record);
  }
}
