package hub.stream.hazelcast;

import com.hazelcast.spi.merge.MergingValue;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * After a split brain, a stream that may have forked restarts under a new epoch; one that moved on one side only
 * keeps that side's copy, whichever side it was.
 */
class StreamMergePolicyTest {

  private static final StreamLimits LIMITS = new StreamLimits(10, 60_000, 3_600_000);
  private final StreamMergePolicy policy = new StreamMergePolicy();

  private static MergingValue<StreamLog> value(StreamLog log) {
    return new MergingValue<>() {
      @Override
      public StreamLog getValue() {
        return log;
      }

      @Override
      public Object getRawValue() {
        return log;
      }
    };
  }

  /** A stream of {@code publications} publications whose data is their offset: the common past of both sides. */
  private static StreamLog stream(String epoch, int publications) {
    StreamLog log = new StreamLog(epoch, 0, LIMITS);
    for (int i = 1; i <= publications; i++) {
      append(log, Integer.toString(i));
    }
    return log;
  }

  private static void append(StreamLog log, String data) {
    log.append(("{\"data\":\"" + data + "\"}").getBytes(StandardCharsets.UTF_8), null, 0, LIMITS);
  }

  @Test
  void aStreamOnlyOneSideHadIsKept() {
    StreamLog only = stream("AAAAAAAA", 3);
    assertSame(only, policy.merge(value(only), null));
  }

  @Test
  void aStreamBothSidesHoldAtTheSamePositionIsKept() {
    StreamLog majority = stream("AAAAAAAA", 3);
    assertSame(majority, policy.merge(value(stream("AAAAAAAA", 3)), value(majority)));
  }

  @Test
  void aStaleCopyNeverCostsTheHistoryOfTheSideThatMovedOn() {
    // With a quorum, the island could not publish: its copy is the majority's past.
    StreamLog majority = stream("AAAAAAAA", 5);
    assertSame(majority, policy.merge(value(stream("AAAAAAAA", 3)), value(majority)));
    // Without one, the smaller side may be the one that moved on: its copy wins the same way.
    StreamLog island = stream("AAAAAAAA", 5);
    assertSame(island, policy.merge(value(island), value(stream("AAAAAAAA", 3))));
  }

  @Test
  void streamsThatMovedOnBothSidesRestartUnderANewEpoch() {
    StreamLog majority = stream("AAAAAAAA", 3);
    append(majority, "majority");
    append(majority, "majority");
    StreamLog island = stream("AAAAAAAA", 3);
    append(island, "island");
    StreamLog merged = policy.merge(value(island), value(majority));
    assertNotEquals("AAAAAAAA", merged.epoch());
    assertEquals(0, merged.top());
    assertEquals(0, merged.size());
    StreamLog otherEpoch = policy.merge(value(stream("BBBBBBBB", 3)), value(stream("AAAAAAAA", 3)));
    assertNotEquals("AAAAAAAA", otherEpoch.epoch());
    assertNotEquals("BBBBBBBB", otherEpoch.epoch());
  }

  @Test
  void sidesThatPublishedAsManyDifferentPublicationsRestartUnderANewEpoch() {
    // The tops agree, the offsets after the split do not mean the same publications.
    StreamLog majority = stream("AAAAAAAA", 3);
    append(majority, "majority");
    StreamLog island = stream("AAAAAAAA", 3);
    append(island, "island");
    assertEquals(majority.top(), island.top());
    StreamLog merged = policy.merge(value(island), value(majority));
    assertNotEquals("AAAAAAAA", merged.epoch());
    assertEquals(0, merged.top());
  }

  @Test
  void copiesThatNoLongerHoldTheOffsetToCompareRestart() {
    StreamLog majority = stream("AAAAAAAA", 5);
    StreamLog expired = stream("AAAAAAAA", 3);
    expired.clear();
    assertNotEquals("AAAAAAAA", policy.merge(value(expired), value(majority)).epoch(),
        "nothing shows the island did not publish before its publications expired");
  }
}
