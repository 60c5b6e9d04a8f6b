package bench.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamSessionTest {

  private static StreamSession subscribedAt(long offset) {
    StreamSession s = new StreamSession(0, 0, "hist:x", 1);
    s.onSubscribed(new JsonObject().put("epoch", "e1").put("offset", offset));
    return s;
  }

  @Test
  void countsEveryOffsetOnceAndNothingMissing() {
    StreamSession s = subscribedAt(3);
    for (long o = 4; o <= 10; o++) s.onOffset(o);
    assertEquals(0, s.missing(10));
    assertEquals(0, s.duplicates);
    assertEquals(0, s.gaps);
  }

  @Test
  void flagsDuplicatesGapsAndMissingOffsets() {
    StreamSession s = subscribedAt(0);
    s.onOffset(1);
    s.onOffset(1);
    s.onOffset(3);
    assertEquals(1, s.duplicates);
    assertEquals(1, s.gaps);
    assertEquals(1, s.missing(3));
  }

  @Test
  void recoveryReplaysPublicationsThroughTheAudit() {
    StreamSession s = subscribedAt(0);
    s.onOffset(1);
    s.onLost("code:3001");
    assertTrue(s.subscribeCommand().contains("\"recover\":true,\"epoch\":\"e1\",\"offset\":1"));
    s.onSubscribed(new JsonObject().put("recovered", true).put("epoch", "e1").put("offset", 1)
        .put("publications", new JsonArray().add(new JsonObject().put("offset", 2)).add(new JsonObject().put("offset", 3))));
    s.onOffset(3); // a live push already in the recovered set
    s.onOffset(4);
    assertEquals(Boolean.TRUE, s.recovered);
    assertEquals(1, s.duplicates);
    assertEquals(0, s.missing(4));
  }

  @Test
  void unrecoveredResubscribeCountsTheSkippedOffsetsAsMissing() {
    StreamSession s = subscribedAt(0);
    s.onOffset(1);
    s.onLost("no-close-frame");
    s.onSubscribed(new JsonObject().put("recovered", false).put("epoch", "e2").put("offset", 5));
    assertEquals(Boolean.FALSE, s.recovered);
    assertEquals(4, s.missing(5));
    assertEquals(1, s.gaps);
  }

  @Test
  void readsThePushOffset() {
    assertEquals(42, StreamClient.offsetOf("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"ts\":1},\"offset\":42}}}"));
    assertEquals(-1, StreamClient.offsetOf("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{}}}}"));
  }
}
