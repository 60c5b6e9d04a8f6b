package hub.session;

import hub.metrics.HubMetrics;

import java.time.Clock;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Runs the steps of the close routine, of the shard's shutdown and of its sweep so that one step that throws cannot
 * skip the steps after it (issue 10, item 3: a Hazelcast member that is no longer running threw out of the remote
 * half of close, and the session was never counted as closed, its other channels never cleaned). A failure is
 * counted under the step's name and logged at most once a minute, so a broken dependency cannot flood the log.
 * Confined to its shard's event loop.
 */
final class IsolatedSteps {

  private static final System.Logger LOG = System.getLogger(IsolatedSteps.class.getName());
  /** Between two logged failures; the ones in between are only counted. */
  static final long LOG_INTERVAL_MS = 60_000;

  static final String CLOSE_DEADLINES = "close.deadlines";
  static final String CLOSE_LOCAL = "close.local";
  static final String CLOSE_CHANNEL = "close.channel";
  static final String CLOSE_SOCKET = "close.socket";
  static final String CLOSE_REMOTE = "close.remote";
  static final String SHUTDOWN_SESSION = "shutdown.session";
  static final String SWEEP_PRESENCE = "sweep.presence";
  static final String SWEEP_STREAMS = "sweep.streams";
  static final String SWEEP_HOOK = "sweep.hook";

  private final HubMetrics metrics;
  private final Clock clock;
  private long nextLogAt = Long.MIN_VALUE;

  IsolatedSteps(HubMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Runs {@code step}; whatever it throws is counted under {@code name} and goes no further. */
  void run(String name, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      metrics.internalFailure(name);
      long now = clock.millis();
      if (now >= nextLogAt) {
        nextLogAt = now + LOG_INTERVAL_MS;
        LOG.log(WARNING, "step " + name + " failed, the steps after it ran anyway (further failures within "
            + LOG_INTERVAL_MS / 1000 + " s are only counted in hub_internal_failures_total)", e);
      }
    }
  }
}
