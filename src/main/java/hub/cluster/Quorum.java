package hub.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import hub.log.LogFields;

import java.util.function.Consumer;

/**
 * Split-brain protection: the number of members a node must see to act for the cluster ({@code cluster.quorum}).
 * Below it, Hazelcast refuses every operation on the hub's own maps (presence, streams), so an island cannot fork a
 * stream or rewrite presence, and this node reports itself not ready and purges nobody's presence. With a quorum of
 * 0 or 1 it is always met. Each change is one WARN line and one count ({@code onChange}); everything refused while
 * below it is logged at DEBUG only, as it repeats for as long as the split lasts. Thread-safe: the watch runs on
 * Hazelcast's event threads.
 */
public final class Quorum {

  /** The split-brain protection rule the hub's maps refer to. */
  public static final String NAME = "hub-quorum";

  private static final System.Logger LOG = System.getLogger(Quorum.class.getName());

  private final int size;
  private volatile boolean met;
  /** Whether the watch has reported once; guarded by this. */
  private boolean reported;
  /** Whether the quorum was ever met; guarded by this. Reaching it the first time (a start) is no incident. */
  private boolean everMet;

  /** Told true (regained) or false (lost) at each change after the first look: a counter's feed. */
  private final Consumer<Boolean> changes;

  public Quorum(int size) {
    this(size, change -> { });
  }

  public Quorum(int size, Consumer<Boolean> changes) {
    this.size = size;
    this.met = !enabled();
    this.changes = changes;
  }

  /** Always met: for a node that is not clustered. */
  public static Quorum off() {
    return new Quorum(0);
  }

  public boolean enabled() {
    return size > 1;
  }

  public int size() {
    return size;
  }

  /**
   * Whether {@code failure} is (or was caused by) Hazelcast refusing an operation below the quorum: an expected
   * answer on the minority side, to be logged at DEBUG, not a fault.
   */
  public static boolean refused(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SplitBrainProtectionException) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code members} (this node included) are enough. */
  public boolean metBy(int members) {
    return !enabled() || members >= size;
  }

  /** What this node saw last: true when it sees at least the quorum (always when protection is off). */
  public boolean met() {
    return met;
  }

  /**
   * Declares the rule and puts the hub's maps under it, before the instance starts. Membership-based (Hazelcast's
   * default function), READ_WRITE: a stale read from an island is as wrong as a write to it.
   */
  public void configure(Config config, String... maps) {
    if (!enabled()) {
      return;
    }
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(NAME, true, size)
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
    for (String map : maps) {
      config.getMapConfig(map).setSplitBrainProtectionName(NAME);
    }
  }

  /**
   * Follows the member count (members added or removed, a merge done): reports whether the quorum is met at once,
   * then whenever that changes.
   */
  public void watch(HazelcastInstance hazelcast, Consumer<Boolean> onChange) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        seen(event.getMembers().size(), onChange);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        seen(event.getMembers().size(), onChange);
      }
    });
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGED) {
        seen(members(hazelcast), onChange);
      } else if (event.getState() == LifecycleState.SHUTTING_DOWN) {
        leaving(onChange);
      }
    });
    seen(members(hazelcast), onChange);
  }

  /**
   * This node now sees {@code members}: reports the first look and every change of whether the quorum is met. The
   * first look is one INFO line, and so is reaching the quorum for the first time (a node that starts first waits
   * for the others: no incident); every later change is one WARN line, lost with the members seen and needed, or
   * regained, and one count.
   */
  synchronized void seen(int members, Consumer<Boolean> onChange) {
    boolean now = metBy(members);
    if (reported && now == met) {
      return;
    }
    boolean change = reported && everMet;
    reported = true;
    met = now;
    everMet |= now;
    if (enabled()) {
      System.Logger.Level level = change ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
      if (now) {
        LOG.log(level, change ? "cluster quorum regained" : "cluster quorum met",
            LogFields.of("members", members, "needed", size));
      } else {
        LOG.log(level, change ? "cluster quorum lost: not ready, no purges, no leave pushes for other nodes"
            : "cluster quorum not met yet: not ready", LogFields.of("members", members, "needed", size));
      }
    }
    if (change) {
      changes.accept(now);
    }
    onChange.accept(now);
  }

  /** This member is shutting down (a stop, usually): not quorate from now on, but no incident to warn or count. */
  synchronized void leaving(Consumer<Boolean> onChange) {
    if (reported && !met) {
      return;
    }
    reported = true;
    met = false;
    everMet = false; // anything seen after this is the end of a stop, not a loss
    if (enabled()) {
      LOG.log(System.Logger.Level.INFO, "cluster quorum: this member is leaving the cluster");
    }
    onChange.accept(false);
  }

  private static int members(HazelcastInstance hazelcast) {
    try {
      return hazelcast.getCluster().getMembers().size();
    } catch (RuntimeException notRunning) {
      return 0;
    }
  }
}
