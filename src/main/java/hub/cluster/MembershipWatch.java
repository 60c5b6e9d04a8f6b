package hub.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleService;

import java.util.function.Consumer;

/**
 * Tells readiness whether this node is part of its cluster, from Hazelcast's lifecycle: a member while Hazelcast
 * runs; not one from the moment it starts shutting down (a stop, a fatal error, or being terminated) or starts
 * merging into another cluster after a split brain (while the merge runs, the event bus here does not reach the
 * other side); a member again once the merge is done. The consumer is called on Hazelcast's event threads and must
 * be thread-safe.
 */
public final class MembershipWatch {

  private MembershipWatch() {
  }

  /** Reports the current state at once, then every change. Call once the clustered Vert.x has joined. */
  public static void watch(HazelcastInstance hazelcast, Consumer<Boolean> member) {
    LifecycleService lifecycle = hazelcast.getLifecycleService();
    member.accept(lifecycle.isRunning());
    lifecycle.addLifecycleListener(event -> {
      Boolean after = memberAfter(event.getState());
      if (after != null) {
        member.accept(after);
      }
    });
    // A shutdown that began between the first look and the listener's registration would otherwise go unseen.
    if (!lifecycle.isRunning()) {
      member.accept(false);
    }
  }

  /** Whether a node is a member of its cluster after entering {@code state}; null when the state does not say. */
  static Boolean memberAfter(LifecycleState state) {
    return switch (state) {
      case STARTED, MERGED -> true;
      case SHUTTING_DOWN, SHUTDOWN, MERGING, MERGE_FAILED -> false;
      default -> null;
    };
  }
}
