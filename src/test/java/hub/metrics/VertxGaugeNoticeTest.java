package hub.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only Micrometer's re-registration warning for Vert.x's own gauges is dropped. */
class VertxGaugeNoticeTest {

  private static LogRecord warning(String message) {
    LogRecord r = new LogRecord(Level.WARNING, message);
    r.setLoggerName(VertxGaugeNotice.MICROMETER_LOGGER);
    return r;
  }

  private static Filter installed() {
    VertxGaugeNotice.install();
    return Logger.getLogger(VertxGaugeNotice.MICROMETER_LOGGER).getFilter();
  }

  @Test
  void dropsTheWarningForVertxGaugesOnly() {
    Filter f = installed();
    assertFalse(f.isLoggable(warning("This Gauge has been already registered (MeterId{name='vertx.eventbus.handlers',"
        + " tags=[]}), the registration will be ignored. Note that subsequent logs will be logged at debug level.")));
    assertFalse(f.isLoggable(warning("This Gauge has been already registered (MeterId{name='vertx.http.server.active"
        + ".requests', tags=[tag(method=GET)]}), the registration will be ignored.")));
    assertTrue(f.isLoggable(warning("This Gauge has been already registered (MeterId{name='hub.sessions.live', "
        + "tags=[]}), the registration will be ignored.")), "a double registration of ours still shows");
    assertTrue(f.isLoggable(warning("A MeterFilter is being configured after a Meter has been registered")));
  }

  @Test
  void installingTwiceKeepsOneFilter() {
    Filter first = installed();
    assertTrue(first instanceof VertxGaugeNotice);
    assertEquals(first, installed());
  }

  @Test
  void micrometerItselfIsSilencedForAReRegisteredVertxGauge() {
    installed();
    Logger logger = Logger.getLogger(VertxGaugeNotice.MICROMETER_LOGGER);
    List<String> seen = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        seen.add(record.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Level before = logger.getLevel();
    logger.setLevel(Level.ALL); // Micrometer warns once per JVM, then logs at debug: see those too
    logger.addHandler(capture);
    try {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      for (int i = 0; i < 2; i++) {
        Gauge.builder("vertx.test.gauge", () -> 1).register(registry);
      }
      assertEquals(List.of(), seen.stream().filter(m -> m.contains("vertx.test.gauge")).toList());
    } finally {
      logger.removeHandler(capture);
      logger.setLevel(before);
    }
  }
}
