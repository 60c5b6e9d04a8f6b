package hub.transport;

import hub.support.TestHub;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that receives the hub's close frame and never answers it has its TCP connection cut once the closing grace
 * ({@link ClosingSockets#DEFAULT_CLOSE_GRACE_MS}) has passed, well before Vert.x's own 10 s WebSocket closing timeout
 * would do it. Observed from a raw socket client only.
 */
class ClosingGraceIT {

  /** Vert.x's default {@code webSocketClosingTimeout}: a cut later than this would not be ours. */
  static final long VERTX_CLOSING_TIMEOUT_MS = 10_000;

  @Test
  void aPeerThatNeverAnswersTheCloseFrameIsCutAfterTheGrace() {
    try (TestHub hub = TestHub.start()) {
      WsClient c = WsClient.connected(hub.port(), "frozen");
      c.answerCloseFrames(false);
      hub.apiResult("disconnect", new JsonObject().put("user", "frozen"));
      assertEquals(new WsClient.Closed(3503, "force disconnect"), c.awaitClosed(), "the close frame arrived");
      c.awaitEnd(Duration.ofMillis(VERTX_CLOSING_TIMEOUT_MS + 5_000));
      long cutAfterMs = (c.endedAtNanos() - c.closedAtNanos()) / 1_000_000;
      // The grace is counted from when the hub wrote the close frame, a moment before the client saw it; the sweep
      // that enforces it runs at least every second.
      assertTrue(cutAfterMs >= ClosingSockets.DEFAULT_CLOSE_GRACE_MS - 250,
          "the peer had its grace to answer; cut after " + cutAfterMs + " ms");
      assertTrue(cutAfterMs < VERTX_CLOSING_TIMEOUT_MS - 2_000,
          "cut by the hub's closing grace, not by Vert.x's closing timeout; cut after " + cutAfterMs + " ms");
      hub.assertIdle();
    }
  }
}
