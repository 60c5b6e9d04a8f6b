package hub.cluster;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generations of a presence store that can lose entries (see {@link PresenceStore#generation}): the count moves
 * when the map opens and when a split-brain merge's routes are confirmed, and it remembers which move was a merge's,
 * whose owners push a join for every entry they own. Thread-safe: Hazelcast's threads and every shard read it.
 */
public final class PresenceGenerations {

  private final AtomicLong current = new AtomicLong();
  /** Set by a merge, cleared when publications are confirmed to travel again. */
  private final AtomicBoolean mergedUnrouted = new AtomicBoolean();
  /** The generation the last merge's confirmed routes moved to; -1 before any merge. */
  private final AtomicLong mergeGeneration = new AtomicLong(-1);

  public long current() {
    return current.get();
  }

  /** The map opened: entries whose writes failed before must be written again. */
  public void opened() {
    current.incrementAndGet();
  }

  /** This member merged into another cluster, which discarded its entries; the rejoin waits for the routes. */
  public void merged() {
    mergedUnrouted.set(true);
  }

  /** Publications travel between every member again: the first time after a merge, the merge's generation begins. */
  public void routesConfirmed() {
    if (mergedUnrouted.compareAndSet(true, false)) {
      mergeGeneration.set(current.get() + 1); // before the move, so no owner sees the new generation without it
      current.incrementAndGet();
    }
  }

  /** See {@link PresenceStore#rejoinAll}. */
  public boolean rejoinAll(long generation) {
    return generation == mergeGeneration.get();
  }

  /** See {@link PresenceStore#rejoinComing}. */
  public boolean rejoinComing(long since) {
    return mergedUnrouted.get() || mergeGeneration.get() > since;
  }
}
