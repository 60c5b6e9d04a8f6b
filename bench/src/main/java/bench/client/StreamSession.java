package bench.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One recovering subscriber of the drain benchmark: its position in the stream (epoch, last offset) and the audit of
 * every offset it received. An offset at or below the last one is a duplicate, one past the next expected is a gap;
 * both are counted and never hidden, so the orchestrator can check "every offset exactly once, strictly increasing".
 * Written from the event loop of its current socket only; the command thread reads the volatile fields for stats.
 */
final class StreamSession {
  final int index;
  final int home;
  final String channel;
  volatile int port;
  volatile String epoch = "";
  /** Offset the first subscribe answered: what the client starts from. -1 until then. */
  volatile long startOffset = -1;
  volatile long lastOffset;
  volatile long seen;
  volatile long duplicates;
  volatile long gaps;
  volatile int reconnects;
  volatile int subscribeErrors;
  volatile boolean subscribed;
  /** Wall-clock microseconds of the last socket close, and of the resubscribe that followed it (0: none yet). */
  volatile long lostAtMicros;
  volatile long resubscribedAtMicros;
  /** Outcome of the last resubscribe: null before any, then the reply's {@code recovered}. */
  volatile Boolean recovered;
  volatile String lastClose = "";

  StreamSession(int index, int home, String channel, int port) {
    this.index = index;
    this.home = home;
    this.channel = channel;
    this.port = port;
  }

  /** The subscribe command: plain the first time, with the held position once it has one. */
  String subscribeCommand() {
    if (startOffset < 0) return "{\"subscribe\":{\"channel\":\"" + channel + "\"},\"id\":2}";
    return "{\"subscribe\":{\"channel\":\"" + channel + "\",\"recover\":true,\"epoch\":\"" + epoch
        + "\",\"offset\":" + lastOffset + "},\"id\":2}";
  }

  /**
   * Applies a subscribe result: the first one sets the position; a recovering one replays its publications (oldest
   * first) through the same audit as live pushes. A result with {@code recovered:false} jumps to the top offset, and
   * the audit counts what was skipped as a gap. Returns true when this was a resubscribe.
   */
  boolean onSubscribed(JsonObject result) {
    boolean resubscribe = startOffset >= 0;
    long offset = result.getLong("offset", 0L);
    if (!resubscribe) {
      epoch = result.getString("epoch", "");
      startOffset = offset;
      lastOffset = offset;
    } else {
      recovered = result.getBoolean("recovered", false);
      JsonArray pubs = result.getJsonArray("publications", new JsonArray());
      for (int i = 0; i < pubs.size(); i++) onOffset(pubs.getJsonObject(i).getLong("offset", 0L));
      if (!recovered) {
        if (!epoch.equals(result.getString("epoch", ""))) epoch = result.getString("epoch", "");
        if (offset > lastOffset) gaps += 1;
        lastOffset = Math.max(lastOffset, offset);
      }
      resubscribedAtMicros = Timestamps.nowMicros();
    }
    subscribed = true;
    return resubscribe;
  }

  void onOffset(long offset) {
    if (offset <= lastOffset) {
      duplicates++;
      return;
    }
    if (offset != lastOffset + 1) gaps++;
    lastOffset = offset;
    seen++;
  }

  void onLost(String how) {
    subscribed = false;
    lostAtMicros = Timestamps.nowMicros();
    resubscribedAtMicros = 0;
    lastClose = how;
  }

  /** Offsets after the start that this client never received, given the stream's final top offset. */
  long missing(long top) {
    return startOffset < 0 ? top : Math.max(0, top - startOffset - seen);
  }
}
