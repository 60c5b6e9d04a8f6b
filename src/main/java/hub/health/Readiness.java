package hub.health;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this node should receive traffic: it is listening, it has joined its cluster and is still part of it
 * (set at start-up when not clustered), and it is not draining. Every flag starts false. Thread-safe.
 */
public final class Readiness {

  private final AtomicBoolean listening = new AtomicBoolean();
  private final AtomicBoolean clusterJoined = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();

  public void listening(boolean value) {
    listening.set(value);
  }

  public void clusterJoined(boolean value) {
    clusterJoined.set(value);
  }

  /** Marks the node as draining; returns false when it already was. */
  public boolean startDraining() {
    return draining.compareAndSet(false, true);
  }

  public boolean isDraining() {
    return draining.get();
  }

  public boolean isReady() {
    return listening.get() && clusterJoined.get() && !draining.get();
  }

  public String describe() {
    return "listening=" + listening.get() + " clusterJoined=" + clusterJoined.get() + " draining=" + draining.get();
  }
}
