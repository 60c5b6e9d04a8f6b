package hub.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Node-wide counts of what the hub currently holds. Shards update them on the edges (a session opened or released,
 * a subscription added or dropped) so that gauges read the truth without scanning anything. The session total is
 * the shards' own count; the exported {@code hub_sessions_live} is counted by transport in {@link HubMetrics}, and
 * the tests check that the two agree. Thread-safe: every shard updates the same counters from its own event loop.
 */
public final class LiveResources {

  final AtomicLong sessions = new AtomicLong();
  final AtomicLong preconnect = new AtomicLong();
  final AtomicLong subscriptions = new AtomicLong();
  final AtomicLong channels = new AtomicLong();
  final AtomicLong timers = new AtomicLong();

  public void sessionOpened() {
    sessions.incrementAndGet();
    preconnect.incrementAndGet();
  }

  /** A pre-connect session completed its {@code connect}. */
  public void sessionConnected() {
    preconnect.decrementAndGet();
  }

  public void sessionReleased(boolean wasPreconnect) {
    sessions.decrementAndGet();
    if (wasPreconnect) {
      preconnect.decrementAndGet();
    }
  }

  public void subscriptionAdded() {
    subscriptions.incrementAndGet();
  }

  public void subscriptionsRemoved(int n) {
    subscriptions.addAndGet(-n);
  }

  public void channelAdded() {
    channels.incrementAndGet();
  }

  public void channelRemoved() {
    channels.decrementAndGet();
  }

  public void timerStarted() {
    timers.incrementAndGet();
  }

  public void timerStopped() {
    timers.decrementAndGet();
  }

  public long sessions() {
    return sessions.get();
  }

  public long preconnect() {
    return preconnect.get();
  }

  public long subscriptions() {
    return subscriptions.get();
  }

  public long channels() {
    return channels.get();
  }

  public long timers() {
    return timers.get();
  }
}
