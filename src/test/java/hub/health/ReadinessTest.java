package hub.health;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ready means listening, in the cluster and not draining; nothing is assumed before it is reported. */
class ReadinessTest {

  @Test
  void notReadyUntilBothListeningAndJoined() {
    Readiness r = new Readiness();
    assertFalse(r.isReady());
    r.listening(true);
    assertFalse(r.isReady(), "listening but not (yet) in the cluster");
    r.clusterJoined(true);
    assertFalse(r.isReady(), "in the cluster but not (yet) seeing its quorum");
    r.quorum(true);
    assertFalse(r.isReady(), "seeing the quorum, but publications are not yet confirmed to reach it");
    r.routed(true);
    assertTrue(r.isReady());
  }

  @Test
  void aRouteCheckAfterAMergeMakesTheNodeUnreadyUntilItIsDone() {
    Readiness r = ready();
    r.routed(false);
    assertFalse(r.isReady());
    r.routed(true);
    assertTrue(r.isReady());
  }

  @Test
  void losingTheQuorumMakesTheNodeUnreadyUntilItIsBack() {
    Readiness r = ready();
    r.quorum(false);
    assertFalse(r.isReady());
    assertEquals("listening=true clusterJoined=true quorum=false routed=true draining=false", r.describe());
    r.quorum(true);
    assertTrue(r.isReady());
  }

  private static Readiness ready() {
    Readiness r = new Readiness();
    r.listening(true);
    r.clusterJoined(true);
    r.quorum(true);
    r.routed(true);
    return r;
  }

  @Test
  void leavingTheClusterMakesTheNodeUnreadyAndRejoiningReadyAgain() {
    Readiness r = ready();
    r.clusterJoined(false);
    assertFalse(r.isReady());
    assertEquals("listening=true clusterJoined=false quorum=true routed=true draining=false", r.describe());
    r.clusterJoined(true);
    assertTrue(r.isReady(), "a finished merge brings the node back");
  }

  @Test
  void drainingIsForGood() {
    Readiness r = ready();
    assertTrue(r.startDraining());
    assertFalse(r.startDraining(), "second drain request");
    r.clusterJoined(true);
    assertFalse(r.isReady());
  }
}
