package hub.stream;

import hub.config.HistoryOptions;

/**
 * What bounds one channel's stream, as plain numbers that travel with a store operation (a clustered store applies
 * them on the member that owns the channel, which must not depend on its own configuration to do so).
 *
 * @param size      publications kept
 * @param ttlMs     whole-stream lifetime after the last publication
 * @param metaTtlMs lifetime of epoch and top after the last use
 */
public record StreamLimits(int size, long ttlMs, long metaTtlMs) {

  public static StreamLimits of(HistoryOptions options) {
    return new StreamLimits(options.size(), options.ttl().toMillis(), options.metaTtl().toMillis());
  }
}
