package hub;

import hub.config.LimitsConfig;
import hub.metrics.EventLoopLag;
import hub.metrics.EventLoopPending;
import hub.metrics.HubMetrics;
import hub.stream.LagShedding;
import hub.stream.PublicationBudget;
import io.vertx.core.Vertx;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The node's publication budget with the event-loop figures it reads (queued tasks, lag probes) and their gauges,
 * built once per node from {@code limits} and stopped with it. Kept out of {@link HubNode} so that the budget's
 * wiring is in one place. Thread-safe.
 */
final class NodeBudget {

  private final PublicationBudget budget;
  private final EventLoopLag lag;

  private NodeBudget(PublicationBudget budget, EventLoopLag lag) {
    this.budget = budget;
    this.lag = lag;
  }

  /** Starts the lag probes (one timer per event loop) and registers the gauges and refusal counters. */
  static NodeBudget start(Vertx vertx, LimitsConfig limits, HubMetrics metrics, LongSupplier clockMs) {
    EventLoopPending pending = EventLoopPending.of(vertx);
    metrics.eventLoopPending(pending);
    EventLoopLag lag = EventLoopLag.start(vertx, metrics.live());
    metrics.eventLoopLag(lag);
    metrics.publicationReasons(Arrays.stream(PublicationBudget.Refusal.values()).map(PublicationBudget.Refusal::tag)
        .toList());
    LagShedding shedding = new LagShedding(limits.maxEventLoopLagMs(), lag::sustainedMillis, lag, clockMs);
    lag.afterEachRun(shedding::review); // the end of shedding is seen, and logged, without waiting for a publication
    return new NodeBudget(new PublicationBudget(limits.publicationsPerSecond(), limits.maxPendingTasks(), pending,
        clockMs, shedding), lag);
  }

  PublicationBudget budget() {
    return budget;
  }

  /** Cancels the lag probes (their timers leave {@code hub.timers.live}). Idempotent. */
  void stop() {
    lag.stop();
  }
}
