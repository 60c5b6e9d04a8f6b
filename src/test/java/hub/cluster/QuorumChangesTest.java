package hub.cluster;

import hub.metrics.HubMetrics;
import hub.metrics.LiveResources;
import hub.support.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Below the quorum a node logs once per change, not once per thing refused (issue 10, item 9 follow-up): the first
 * look is one INFO line, each loss and each regain one WARN line with the members seen and needed, and the change
 * counter next to the quorum gauge counts exactly those changes by state.
 */
class QuorumChangesTest {

  LogCapture log;

  @BeforeEach
  void capture() {
    log = LogCapture.all(Quorum.class.getName());
  }

  @AfterEach
  void release() {
    log.close();
  }

  List<LogRecord> at(Level level) {
    return log.at(level);
  }

  @Test
  void logsOneWarningAndCountsOncePerChangeThroughLostRegainedLost() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    HubMetrics metrics = new HubMetrics(registry, new LiveResources(), List.of(), List.of());
    metrics.quorumChangeSeries();
    List<Boolean> readiness = new ArrayList<>();
    Quorum quorum = new Quorum(2, metrics::quorumChanged);

    quorum.seen(3, readiness::add); // the first look: met
    quorum.seen(1, readiness::add); // lost
    quorum.seen(1, readiness::add); // still lost: members removed one by one, a merge attempt, ...
    quorum.seen(0, readiness::add);
    quorum.seen(2, readiness::add); // regained
    quorum.seen(3, readiness::add);
    quorum.seen(1, readiness::add); // lost again

    assertEquals(List.of(true, false, true, false), readiness, "readiness hears the first look and each change");
    assertEquals(1, at(Level.INFO).size(), "the first look");
    List<String> warnings = at(Level.WARNING).stream().map(r -> r.getMessage() + " "
        + (r.getParameters() == null ? "" : java.util.Arrays.toString(r.getParameters()))).toList();
    assertEquals(3, warnings.size(), () -> "one WARN per change: " + warnings);
    assertEquals(true, warnings.get(0).startsWith("cluster quorum lost") && warnings.get(0).contains("members=1")
        && warnings.get(0).contains("needed=2"), () -> "the loss says what is seen and needed: " + warnings.get(0));
    assertEquals(true, warnings.get(1).startsWith("cluster quorum regained"), warnings.get(1));
    assertEquals(2.0, registry.get(HubMetrics.CLUSTER_QUORUM_CHANGES).tag("state", "lost").counter().count());
    assertEquals(1.0, registry.get(HubMetrics.CLUSTER_QUORUM_CHANGES).tag("state", "regained").counter().count());
  }

  @Test
  void aNodeThatStartsBelowTheQuorumWaitsAtInfoAndCountsOnlyWhatFollowsItsFirstQuorum() {
    List<Boolean> counted = new ArrayList<>();
    Quorum quorum = new Quorum(3, counted::add);
    quorum.seen(1, met -> { });
    quorum.seen(2, met -> { });
    quorum.seen(3, met -> { }); // the others joined: the start is done
    assertEquals(List.of(), counted);
    assertEquals(0, at(Level.WARNING).size());
    assertEquals(2, at(Level.INFO).size(), "waiting, then met");
    quorum.seen(2, met -> { });
    assertEquals(List.of(false), counted);
    assertEquals(1, at(Level.WARNING).size());
  }

  @Test
  void leavingTheClusterAtAStopIsNeitherWarnedNorCounted() {
    List<Boolean> counted = new ArrayList<>();
    List<Boolean> readiness = new ArrayList<>();
    Quorum quorum = new Quorum(2, counted::add);
    quorum.seen(3, readiness::add);
    quorum.leaving(readiness::add);
    quorum.seen(0, readiness::add); // the member list empties as it goes
    assertEquals(List.of(true, false), readiness);
    assertEquals(List.of(), counted);
    assertEquals(0, at(Level.WARNING).size());
  }

  @Test
  void hazelcastsRefusalBelowTheQuorumIsRecognisedThroughItsCauses() {
    var refusal = new com.hazelcast.splitbrainprotection.SplitBrainProtectionException("below");
    assertEquals(true, Quorum.refused(new java.util.concurrent.CompletionException(refusal)));
    assertEquals(false, Quorum.refused(new IllegalStateException("other")));
  }
}
