package bench.client;

import java.time.Instant;

/**
 * Wall-clock microseconds shared by every process on the machine. System.nanoTime has a
 * per-process origin, so publisher and receivers (separate JVMs) must use the wall clock.
 */
public final class Timestamps {
  private Timestamps() {}

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * Reads the number after the first {@code "ts":} in a frame without parsing the JSON, so the
   * cost on the client side is the same small scan whatever the target's framing is.
   * Returns -1 when there is none.
   */
  public static long extractTs(String text) {
    int at = text.indexOf("\"ts\":");
    if (at < 0) return -1;
    long value = 0;
    int digits = 0;
    for (int i = at + 5; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') break;
      value = value * 10 + (c - '0');
      digits++;
    }
    return digits == 0 ? -1 : value;
  }
}
