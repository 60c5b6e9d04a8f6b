package hub.session;

import org.junit.jupiter.api.Test;

import static hub.session.SessionDeadlines.Due.EXPIRED;
import static hub.session.SessionDeadlines.Due.NOTHING;
import static hub.session.SessionDeadlines.Due.NO_PONG;
import static hub.session.SessionDeadlines.Due.PING;
import static hub.session.SessionDeadlines.Due.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a session's deadlines say is due, on plain numbers, and the earliest deadline the sweep waits for. */
class SessionDeadlinesTest {

  @Test
  void beforeConnectOnlyTheConnectDeadlineCounts() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    assertEquals(1_000, d.earliest());
    assertEquals(NOTHING, d.due(999));
    assertEquals(STALE, d.due(1_000));
  }

  @Test
  void afterConnectPingThenPongDeadlineThenNextPing() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    d.connected(500, 0);
    assertEquals(500, d.earliest(), "the connect deadline no longer applies");
    assertEquals(NOTHING, d.due(499));
    assertEquals(PING, d.due(500));
    d.pinged(true, 800, 1_500);
    assertEquals(800, d.earliest());
    assertEquals(NO_PONG, d.due(800));
    d.pongReceived();
    assertEquals(1_500, d.earliest());
    assertEquals(NOTHING, d.due(800));
  }

  @Test
  void aPingThatCouldNotBeSentSetsNoPongDeadline() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    d.connected(500, 0);
    d.pinged(false, 800, 1_500);
    assertEquals(1_500, d.earliest());
  }

  @Test
  void theFirstUnansweredPingKeepsItsPongDeadline() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    d.connected(500, 0);
    d.pinged(true, 800, 700);
    d.pinged(true, 1_000, 900);
    assertEquals(NO_PONG, d.due(800));
  }

  @Test
  void expiryComesFirstAndARefreshMovesIt() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    d.connected(5_000, 2_000);
    assertEquals(2_000, d.earliest());
    assertEquals(EXPIRED, d.due(5_000), "expiry wins over a due ping");
    d.expiry(9_000);
    assertEquals(5_000, d.earliest());
    d.expiry(0);
    assertEquals(PING, d.due(5_000));
  }

  @Test
  void aClearedSessionHasNothingDueEver() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    d.clear();
    assertEquals(Long.MAX_VALUE, d.earliest());
    assertEquals(NOTHING, d.due(Long.MAX_VALUE - 1));
  }
  @Test
  void aPongDeadlineAfterTheNextPingIsKept() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    d.connected(500, 0);
    d.pinged(true, 3_600_500, 600); // an hour's pong timeout with the next ping due first
    assertEquals(600, d.earliest());
    d.pinged(true, 9_999_999, 7_200_000);
    assertEquals(3_600_500, d.earliest(), "the first unanswered ping's deadline, across the move of the next ping");
    assertEquals(NO_PONG, d.due(3_600_500));
    assertEquals(NOTHING, new SessionDeadlines(0).due(5), "no connect deadline: nothing is due");
    assertEquals(Long.MAX_VALUE, new SessionDeadlines(0).earliest());
  }

  @Test
  void anUnsolicitedPongIsToldApart() {
    SessionDeadlines d = new SessionDeadlines(1_000);
    assertFalse(d.pongReceived(), "before connect");
    d.connected(500, 0);
    assertFalse(d.pongReceived(), "no ping sent yet");
    d.pinged(true, 800, 1_500);
    assertTrue(d.pongReceived());
    assertFalse(d.pongReceived(), "the same ping twice");
    d.clear();
    assertFalse(d.pongReceived(), "after close");
  }
}
