package hub.config;

import java.time.Duration;

/**
 * A namespace's channel stream: how much history it keeps, and whether its subscribers get stream positions and
 * recovery. History is on only when both {@code size} and {@code ttl} are positive; positioning and recovery need it.
 *
 * @param size                      publications kept per channel (0: no history)
 * @param ttl                       whole-stream lifetime, renewed by every publication: a stream that nobody published
 *                                  to for this long loses its publications (its epoch and top offset remain)
 * @param metaTtl                   how long a channel's epoch and top offset outlive its last use
 * @param forcePositioning          every subscription is positioned (gets epoch and offset, is checked for gaps)
 * @param allowPositioning          a client that asks ({@code positioned:true}) gets positioning
 * @param forceRecovery             every subscription is recoverable (implies positioning)
 * @param allowRecovery             a client that asks ({@code recoverable:true}) gets recovery
 * @param recoveryMode              recover every missed publication, or only the latest one
 * @param allowHistoryForSubscriber subscribers of a channel may call the client {@code history} command on it (and
 *                                  may then ask for positioning and recovery, as in Centrifugo)
 */
public record HistoryOptions(int size, Duration ttl, Duration metaTtl, boolean forcePositioning,
                             boolean allowPositioning, boolean forceRecovery, boolean allowRecovery,
                             RecoveryMode recoveryMode, boolean allowHistoryForSubscriber) {

  /** Whether recovery sends every missed publication or only the latest. */
  public enum RecoveryMode {
    STREAM, CACHE
  }

  public static final int DEFAULT_SIZE = 0;
  public static final Duration DEFAULT_TTL = Duration.ZERO;
  /** As in Centrifugo: much longer than any history TTL, so a returning client learns it missed nothing. */
  public static final Duration DEFAULT_META_TTL = Duration.ofDays(30);
  public static final int MAX_SIZE = 100_000;

  public static final HistoryOptions NONE = new HistoryOptions(DEFAULT_SIZE, DEFAULT_TTL, DEFAULT_META_TTL,
      false, false, false, false, RecoveryMode.STREAM, false);

  public boolean enabled() {
    return size > 0 && !ttl.isZero();
  }

  /** Reads the stream keys of one namespace object, taking every absent value from {@code base}. */
  static HistoryOptions from(JsonReader r, HistoryOptions base) {
    HistoryOptions h = new HistoryOptions(
        r.integer("historySize", base.size, 0, MAX_SIZE),
        r.millis("historyTtlMs", base.ttl, 0, Duration.ofDays(3650).toMillis()),
        r.millis("historyMetaTtlMs", base.metaTtl, 1000, Duration.ofDays(3650).toMillis()),
        r.bool("forcePositioning", base.forcePositioning),
        r.bool("allowPositioning", base.allowPositioning),
        r.bool("forceRecovery", base.forceRecovery),
        r.bool("allowRecovery", base.allowRecovery),
        mode(r, base.recoveryMode),
        r.bool("allowHistoryForSubscriber", base.allowHistoryForSubscriber));
    h.check(r);
    return h;
  }

  private static RecoveryMode mode(JsonReader r, RecoveryMode base) {
    String mode = r.string("recoveryMode", base.name().toLowerCase());
    return switch (mode) {
      case "stream" -> RecoveryMode.STREAM;
      case "cache" -> RecoveryMode.CACHE;
      default -> throw new ConfigException(r.pathOf("recoveryMode"), "must be \"stream\" or \"cache\"");
    };
  }

  private void check(JsonReader r) {
    if ((size > 0) != !ttl.isZero()) {
      String missing = size > 0 ? "historyTtlMs" : "historySize";
      String present = size > 0 ? "historySize" : "historyTtlMs";
      throw new ConfigException(r.pathOf(missing), "must be > 0 when " + present + " is set: history needs both");
    }
    if (!enabled() && (forcePositioning || allowPositioning || forceRecovery || allowRecovery
        || allowHistoryForSubscriber || recoveryMode != RecoveryMode.STREAM)) {
      throw new ConfigException(r.pathOf("historySize"),
          "positioning, recovery and history access need history (historySize and historyTtlMs > 0)");
    }
    if (enabled() && metaTtl.compareTo(ttl) < 0) {
      throw new ConfigException(r.pathOf("historyMetaTtlMs"), "must be at least historyTtlMs");
    }
  }
}
