package hub.config;

import java.time.Duration;

/**
 * The node's stream store, whatever namespaces use it.
 *
 * @param maxBytes      publication bytes the store may hold on this node (in a cluster: in the entries this node owns);
 *                      past it the oldest streams lose their publications (epoch and top offset are kept)
 * @param storeTimeout  longest a store call may take before the client gets error 100 (under the SDK's 5 s
 *                      subscribe timeout, which would reconnect the whole client)
 * @param gapFillDelay  how long a node holds a publication that arrived ahead of its predecessor (publishers on two
 *                      nodes race) before it reads the missing ones from the store
 * @param sweepInterval how often the store trims expired streams and enforces {@code maxBytes}
 */
public record HistoryConfig(long maxBytes, Duration storeTimeout, Duration gapFillDelay, Duration sweepInterval) {

  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
  public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_GAP_FILL_DELAY = Duration.ofMillis(500);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(10);

  static HistoryConfig from(JsonReader r) {
    HistoryConfig c = new HistoryConfig(
        r.longValue("maxBytes", DEFAULT_MAX_BYTES, 1024, Long.MAX_VALUE / 2),
        r.millis("storeTimeoutMs", DEFAULT_STORE_TIMEOUT, 10, 60_000),
        r.millis("gapFillDelayMs", DEFAULT_GAP_FILL_DELAY, 1, 60_000),
        r.millis("sweepIntervalMs", DEFAULT_SWEEP_INTERVAL, 100, 3_600_000));
    r.rejectUnknownKeys();
    return c;
  }
}
