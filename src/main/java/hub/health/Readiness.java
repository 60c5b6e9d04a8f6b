package hub.health;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this node should receive traffic: it is listening, it has joined its cluster and is still part of it, it
 * sees the cluster's quorum of members, publications are confirmed to travel between it and every other member (all
 * three set at start-up when not clustered), and it is not draining. A node on
 * the minority side of a split brain is not ready: it misses the other side's publications, so load balancers must
 * send clients elsewhere. Every flag starts false. Thread-safe.
 */
public final class Readiness {

  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean clusterJoined = new AtomicBoolean();
  private final AtomicBoolean quorum = new AtomicBoolean();
  private final AtomicBoolean routed = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();

  public void listening(boolean value) {
    listening.set(value);
  }

  public void clusterJoined(boolean value) {
    clusterJoined.set(value);
  }

  /** Whether this node sees at least {@code cluster.quorum} members (always true when that is off). */
  public void quorum(boolean value) {
    quorum.set(value);
  }

  /** Whether publications are confirmed to reach this node from every other member, and the other way. */
  public void routed(boolean value) {
    routed.set(value);
  }

  /** Marks the node as draining; returns false when it already was. */
  public boolean startDraining() {
    return draining.compareAndSet(false, true);
  }

  public boolean isDraining() {
    return draining.get();
  }

  public boolean isReady() {
    return listening.get() && clusterJoined.get() && quorum.get() && routed.get() && !draining.get();
  }

  public String describe() {
    return "listening=" + listening.get() +  " clusterJoined=" + clusterJoined.get() + " quorum=" + quorum.get()
        + " routed=" + routed.get() + " draining=" + draining.get();
  }
}
