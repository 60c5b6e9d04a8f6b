package hub.stream;

import hub.config.HistoryOptions.RecoveryMode;
import hub.protocol.Publication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTest {

  private static StreamSlice slice(String epoch, long top, long... offsets) {
    List<Publication> pubs = new ArrayList<>();
    for (long o : offsets) {
      pubs.add(new Publication("c", o, epoch, StreamLogTest.pub("p" + o)));
    }
    return new StreamSlice(epoch, top, pubs);
  }

  @Test
  void everyMissedPublicationInOrderIsARecovery() {
    Recovery r = Recovery.decide(RecoveryMode.STREAM, "E", 4, slice("E", 7, 5, 6, 7), 300);
    assertTrue(r.recovered());
    assertEquals(3, r.publications().size());
    assertEquals(4, r.offset(), "the client advances by the publications");
  }

  @Test
  void nothingMissedIsARecoveryWithoutPublications() {
    Recovery r = Recovery.decide(RecoveryMode.STREAM, "E", 7, slice("E", 7), 300);
    assertTrue(r.recovered());
    assertTrue(r.publications().isEmpty());
  }

  @Test
  void anEmptyClientEpochIsAccepted() {
    assertTrue(Recovery.decide(RecoveryMode.STREAM, "", 1, slice("E", 2, 2), 300).recovered());
  }

  @Test
  void anotherEpochTrimmedHistoryOrTooManyIsNotRecoveredAndGivesNothing() {
    List<Recovery> refused = List.of(
        Recovery.decide(RecoveryMode.STREAM, "OLD", 4, slice("E", 7, 5, 6, 7), 300),
        Recovery.decide(RecoveryMode.STREAM, "E", 2, slice("E", 7, 5, 6, 7), 300),
        Recovery.decide(RecoveryMode.STREAM, "E", 4, slice("E", 7, 5, 6, 7), 2),
        Recovery.decide(RecoveryMode.STREAM, "E", 4, slice("E", 9, 5, 6, 7), 300),
        Recovery.decide(RecoveryMode.STREAM, "E", 3, slice("E", 7), 300),
        Recovery.decide(RecoveryMode.STREAM, "E", 9, slice("E", 7), 300));
    long[] tops = {7, 7, 7, 9, 7, 7};
    for (int i = 0; i < refused.size(); i++) {
      Recovery r = refused.get(i);
      assertFalse(r.recovered(), r::toString);
      assertTrue(r.publications().isEmpty(), "never a partial set");
      assertEquals(tops[i], r.offset(), "an unrecovered subscription starts at the top");
    }
  }

  @Test
  void theQueryReadsOneMoreThanTheLimitSoThatTooManyIsSeen() {
    assertEquals(StreamQuery.after(4, 301), Recovery.query(RecoveryMode.STREAM, 4, 300));
    assertEquals(StreamQuery.latest(), Recovery.query(RecoveryMode.CACHE, 4, 300));
  }

  @Test
  void cacheModeGivesTheLatestPublicationUnlessTheClientHasIt() {
    Recovery r = Recovery.decide(RecoveryMode.CACHE, "OTHER", 3, slice("E", 9, 9), 300);
    assertTrue(r.recovered(), "no epoch check in cache mode");
    assertEquals(List.of(9L), r.publications().stream().map(Publication::offset).toList());
    assertEquals(3, r.offset());
    Recovery has = Recovery.decide(RecoveryMode.CACHE, "E", 9, slice("E", 9, 9), 300);
    assertTrue(has.recovered());
    assertTrue(has.publications().isEmpty());
    assertFalse(Recovery.decide(RecoveryMode.CACHE, "E", 3, slice("E", 9), 300).recovered(), "latest expired");
  }
}
