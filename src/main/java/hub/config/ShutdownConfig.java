package hub.config;

import java.time.Duration;

/**
 * Graceful stop.
 *
 * @param drainWindow time over which sessions are closed with 3001 on SIGTERM, spread so that clients do not all
 *                    reconnect in the same second
 */
public record ShutdownConfig(Duration drainWindow) {

  public static final Duration DEFAULT_DRAIN_WINDOW = Duration.ofSeconds(10);

  static ShutdownConfig from(JsonReader r) {
    ShutdownConfig c = new ShutdownConfig(r.millis("drainWindowMs", DEFAULT_DRAIN_WINDOW, 0, 600_000));
    r.rejectUnknownKeys();
    return c;
  }
}
