package hub.stream;

import hub.config.HistoryOptions;
import hub.config.HistoryOptions.RecoveryMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamLogTest {

  static final HistoryOptions OPTIONS = new HistoryOptions(3, Duration.ofSeconds(10), Duration.ofSeconds(60),
      false, false, true, false, RecoveryMode.STREAM, true);
  static final StreamLimits LIMITS = StreamLimits.of(OPTIONS);

  static byte[] pub(String data) {
    return ("{\"data\":\"" + data + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  static List<Long> offsets(List<StreamLog.Entry> entries) {
    return entries.stream().map(StreamLog.Entry::offset).toList();
  }

  @Test
  void offsetsAreContiguousFromOneAndTheSizeKeepsTheLatest() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    for (int i = 1; i <= 5; i++) {
      Appended a = log.append(pub("p" + i), null, i, LIMITS);
      assertEquals(i, a.offset());
      assertEquals("E", a.epoch());
      assertFalse(a.duplicate());
    }
    assertEquals(5, log.top());
    assertEquals(List.of(3L, 4L, 5L), offsets(log.read(new StreamQuery(null, -1, false), 6, LIMITS)));
    assertEquals(3 * pub("p1").length, log.bytes());
  }

  @Test
  void readsForwardAfterAndBackwardBeforeAnOffsetWithinTheLimit() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    HistoryOptions big = new HistoryOptions(100, Duration.ofSeconds(10), Duration.ofSeconds(60), false, false,
        false, false, RecoveryMode.STREAM, false);
    for (int i = 1; i <= 10; i++) {
      log.append(pub("p" + i), null, 1, StreamLimits.of(big));
    }
    assertEquals(List.of(5L, 6L), offsets(log.read(StreamQuery.after(4, 2), 2, StreamLimits.of(big))));
    assertEquals(List.of(10L, 9L, 8L), offsets(log.read(new StreamQuery(null, 3, true), 2, StreamLimits.of(big))));
    assertEquals(List.of(3L, 2L, 1L), offsets(log.read(new StreamQuery(4L, -1, true), 2, StreamLimits.of(big))));
    assertEquals(List.of(), log.read(StreamQuery.POSITION, 2, StreamLimits.of(big)));
    assertEquals(List.of(), log.read(StreamQuery.after(10, 5), 2, StreamLimits.of(big)));
  }

  @Test
  void theWholeStreamExpiresAfterItsTtlWithoutPublicationsButKeepsEpochAndTop() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    log.append(pub("a"), null, 1000, LIMITS);
    log.append(pub("b"), null, 9000, LIMITS); // renews the TTL of the whole stream
    assertEquals(2, log.read(new StreamQuery(null, -1, false), 18_999, LIMITS).size());
    assertTrue(log.read(new StreamQuery(null, -1, false), 19_000, LIMITS).isEmpty());
    assertEquals(2, log.top());
    assertEquals(0, log.bytes());
    assertEquals(3, log.append(pub("c"), null, 19_001, LIMITS).offset());
  }

  @Test
  void theMetaTtlRunsFromLastUseReadsIncluded() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    log.append(pub("a"), null, 0, LIMITS);
    log.read(StreamQuery.POSITION, 50_000, LIMITS);
    assertFalse(log.metaExpired(109_999));
    assertTrue(log.metaExpired(110_000));
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheFirstPlaceWithinTheWindowOnly() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    assertEquals(1, log.append(pub("a"), "k1", 0, LIMITS).offset());
    Appended again = log.append(pub("a"), "k1", 1000, LIMITS);
    assertTrue(again.duplicate());
    assertEquals(1, again.offset());
    assertEquals(1, log.top(), "nothing was appended");
    assertEquals(2, log.append(pub("b"), "k2", 1000, LIMITS).offset());
    long afterWindow = Streams.IDEMPOTENCY_WINDOW.toMillis() + 1;
    HistoryOptions longTtl = new HistoryOptions(3, Duration.ofHours(1), Duration.ofHours(2), false, false, false,
        false, RecoveryMode.STREAM, false);
    Appended late = log.append(pub("a"), "k1", afterWindow, StreamLimits.of(longTtl));
    assertFalse(late.duplicate());
    assertEquals(3, late.offset());
  }

  @Test
  void theSameStoreCallRunTwiceAppendsOnceAndAnswersItsOffsetAsNew() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    long call = Streams.newCallId();
    Appended first = log.append(pub("a"), null, call, 10, LIMITS);
    Appended rerun = log.append(pub("a"), null, call, 20, LIMITS);
    assertEquals(1, first.offset());
    assertEquals(1, rerun.offset(), "the rerun answers the offset the first run took");
    assertFalse(rerun.duplicate(), "the first answer never reached the caller, so the publication is still new to it");
    assertEquals(1, log.top(), "nothing was appended twice");
    assertEquals(2, log.append(pub("a"), null, Streams.newCallId(), 30, LIMITS).offset(),
        "another call with the same bytes is another publication");
    assertEquals(2, log.calls().size());
  }

  @Test
  void storeCallIdsAreForgottenAfterTheirWindowAndBoundedPerChannel() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    long call = Streams.newCallId();
    log.append(pub("a"), null, call, 0, LIMITS);
    long afterWindow = Streams.CALL_WINDOW.toMillis() + 1;
    HistoryOptions longTtl = new HistoryOptions(3, Duration.ofHours(1), Duration.ofHours(2), false, false, false,
        false, RecoveryMode.STREAM, false);
    assertEquals(2, log.append(pub("a"), null, call, afterWindow, StreamLimits.of(longTtl)).offset());
    for (int i = 0; i <= Streams.MAX_CALLS; i++) {
      log.append(pub("x"), null, Streams.newCallId(), afterWindow, StreamLimits.of(longTtl));
    }
    assertEquals(Streams.MAX_CALLS, log.calls().size());
  }

  @Test
  void idempotencyKeysAreBoundedPerChannel() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    for (int i = 0; i <= Streams.MAX_IDEMPOTENCY_KEYS; i++) {
      log.append(pub("x"), "key-" + i, 1, LIMITS);
    }
    assertEquals(Streams.MAX_IDEMPOTENCY_KEYS, log.idempotencyKeys().size());
    assertFalse(log.idempotencyKeys().containsKey("key-0"), "the oldest key is forgotten first");
  }

  @Test
  void clearKeepsEpochAndTopAndRestartBeginsANewEpochAtOne() {
    StreamLog log = new StreamLog("E", 0, LIMITS);
    log.append(pub("a"), null, 1, LIMITS);
    log.append(pub("b"), null, 1, LIMITS);
    log.clear();
    assertEquals(2, log.top());
    assertEquals("E", log.epoch());
    assertEquals(0, log.size());
    log.restart("F", 2);
    assertEquals("F", log.epoch());
    assertEquals(1, log.append(pub("c"), null, 3, LIMITS).offset());
  }
}
