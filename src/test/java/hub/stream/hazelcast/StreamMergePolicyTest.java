package hub.stream.hazelcast;

import com.hazelcast.spi.merge.MergingValue;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** After a split brain, a stream that may have forked restarts under a new epoch; one both sides agree on stays. */
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

  private static StreamLog stream(String epoch, int publications) {
    StreamLog log = new StreamLog(epoch, 0, LIMITS);
    for (int i = 0; i < publications; i++) {
      log.append("{\"data\":1}".getBytes(StandardCharsets.UTF_8), null, i, LIMITS);
    }
    return log;
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
  void aStreamThatMovedOnEitherSideRestartsUnderANewEpoch() {
    StreamLog majority = stream("AAAAAAAA", 3);
    StreamLog merged = policy.merge(value(stream("AAAAAAAA", 5)), value(majority));
    assertNotEquals("AAAAAAAA", merged.epoch());
    assertEquals(0, merged.top());
    assertEquals(0, merged.size());
    StreamLog otherEpoch = policy.merge(value(stream("BBBBBBBB", 3)), value(stream("AAAAAAAA", 3)));
    assertNotEquals("AAAAAAAA", otherEpoch.epoch());
    assertNotEquals("BBBBBBBB", otherEpoch.epoch());
  }
}
