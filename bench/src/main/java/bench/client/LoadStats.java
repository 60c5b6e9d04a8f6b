package bench.client;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency histograms of one client process. Recorders are written from every event
 * loop and read by the command thread; interval snapshots are shipped to the orchestrator as
 * compressed, base64-encoded HdrHistograms so it can merge processes exactly.
 */
public final class LoadStats {
  /** Highest latency we track: one minute, in microseconds. */
  static final long MAX_MICROS = 60_000_000L;

  private final Recorder delivery = new Recorder(MAX_MICROS, 3);
  private final Recorder connect = new Recorder(MAX_MICROS, 3);
  private final LongAdder delivered = new LongAdder();
  private final Map<String, AtomicLong> closes = new ConcurrentHashMap<>();

  void recordDelivery(long micros) {
    delivery.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
    delivered.increment();
  }

  void recordConnect(long micros) {
    connect.recordValue(Math.max(0, Math.min(micros, MAX_MICROS)));
  }

  void countClose(String reason) {
    closes.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
  }

  long delivered() {
    return delivered.sum();
  }

  Map<String, AtomicLong> closes() {
    return closes;
  }

  /** Delivery histogram since the previous call (reset semantics of {@link Recorder}). */
  String takeDeliveries() {
    return encode(delivery.getIntervalHistogram());
  }

  String takeConnects() {
    return encode(connect.getIntervalHistogram());
  }

  void reset() {
    delivery.reset();
    connect.reset();
    delivered.reset();
    closes.clear();
  }

  static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int len = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), len));
  }

  /**
   * A histogram from a client's reply: the Java client's base64 form, or the Node driver's {@code [[micros, count],
   * ...]} pairs.
   */
  public static Histogram histogram(Object reply) {
    if (reply instanceof String b64) return decode(b64);
    Histogram h = new Histogram(MAX_MICROS, 3);
    if (reply instanceof io.vertx.core.json.JsonArray pairs) {
      for (int i = 0; i < pairs.size(); i++) {
        io.vertx.core.json.JsonArray pair = pairs.getJsonArray(i);
        h.recordValueWithCount(Math.min(pair.getLong(0), MAX_MICROS), pair.getLong(1));
      }
    } else if (reply != null) {
      throw new IllegalArgumentException("not a histogram: " + reply);
    }
    return h;
  }

  public static Histogram decode(String b64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(b64)), 0);
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalArgumentException("bad histogram", e);
    }
  }
}
