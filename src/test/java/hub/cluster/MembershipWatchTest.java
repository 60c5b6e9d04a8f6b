package hub.cluster;

import com.hazelcast.core.LifecycleEvent.LifecycleState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which Hazelcast lifecycle states take a node out of its cluster for readiness, and which bring it back. */
class MembershipWatchTest {

  static final Set<LifecycleState> OUT = Set.of(
      LifecycleState.SHUTTING_DOWN, LifecycleState.SHUTDOWN, LifecycleState.MERGING, LifecycleState.MERGE_FAILED);
  static final Set<LifecycleState> IN = Set.of(LifecycleState.STARTED, LifecycleState.MERGED);

  @ParameterizedTest
  @EnumSource(LifecycleState.class)
  void shutdownAndMergesTakeTheNodeOutAndAFinishedMergeBringsItBack(LifecycleState state) {
    Boolean member = MembershipWatch.memberAfter(state);
    if (OUT.contains(state)) {
      assertEquals(false, member);
    } else if (IN.contains(state)) {
      assertEquals(true, member);
    } else {
      assertNull(member, "client-side and start-up states say nothing about membership");
    }
  }
}
