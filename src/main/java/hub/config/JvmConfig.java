package hub.config;

/**
 * How the hub's own process tunes its JVM at start-up (the packaged jar only; an embedding application keeps its
 * JVM as it is).
 *
 * @param minHeapFreeRatio G1 grows the heap when less than this percentage of it is free after a collection
 * @param maxHeapFreeRatio G1 gives memory back when more than this percentage is free; the JVM's defaults (40 and 70)
 *                         keep committed heap, and so RSS, at two to three times the live heap of a node full of
 *                         idle connections
 * @param periodicGcIntervalMs a G1 concurrent cycle when none ran for this long (0: never), so that an idle node gives
 *                         back the heap a burst of connections committed
 * @param periodicGcSettleMs the shorter wait G1 is given while other collections run (a burst), so that the cycle
 *                         comes this long after the burst's last collection rather than up to two intervals later
 *                         (0: always the interval)
 */
public record JvmConfig(int minHeapFreeRatio, int maxHeapFreeRatio, long periodicGcIntervalMs,
                        long periodicGcSettleMs) {

  public static final int DEFAULT_MIN_HEAP_FREE_RATIO = 5;
  public static final int DEFAULT_MAX_HEAP_FREE_RATIO = 20;
  public static final long DEFAULT_PERIODIC_GC_INTERVAL_MS = 5_000;
  public static final long DEFAULT_PERIODIC_GC_SETTLE_MS = 1_000;

  /** The ratios and the interval, with the default settle wait. */
  public JvmConfig(int minHeapFreeRatio, int maxHeapFreeRatio, long periodicGcIntervalMs) {
    this(minHeapFreeRatio, maxHeapFreeRatio, periodicGcIntervalMs, DEFAULT_PERIODIC_GC_SETTLE_MS);
  }

  static JvmConfig from(JsonReader r) {
    JvmConfig c = new JvmConfig(
        r.integer("minHeapFreeRatio", DEFAULT_MIN_HEAP_FREE_RATIO, 0, 100),
        r.integer("maxHeapFreeRatio", DEFAULT_MAX_HEAP_FREE_RATIO, 1, 100),
        r.integer("periodicGcIntervalMs", (int) DEFAULT_PERIODIC_GC_INTERVAL_MS, 0, 86_400_000),
        r.integer("periodicGcSettleMs", (int) DEFAULT_PERIODIC_GC_SETTLE_MS, 0, 86_400_000));
    if (c.minHeapFreeRatio > c.maxHeapFreeRatio) {
      throw new ConfigException(r.pathOf("minHeapFreeRatio"),
          "must not exceed " + r.pathOf("maxHeapFreeRatio") + " (" + c.maxHeapFreeRatio + ")");
    }
    r.rejectUnknownKeys();
    return c;
  }
}
