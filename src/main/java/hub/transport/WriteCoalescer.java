package hub.transport;

import hub.protocol.Format;
import io.vertx.core.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends what one event-loop turn wrote to this loop's WebSockets at the end of that turn: each socket that got
 * messages gets them as ONE WebSocket frame (newline-separated JSON, or concatenated length-delimited protobuf
 * replies, both of which the Centrifuge protocol allows in one frame) and one flush, instead of one frame, one flush
 * and so one {@code write} system call per message. Under load several publications wait in the loop's task queue
 * at once; they then reach each subscriber in one system call. At a low rate a turn holds one publication and
 * nothing changes but the point of the flush, which moves from the write to the end of the turn.
 *
 * <p>The end of the turn is a task queued on the loop behind whatever is already waiting, scheduled by the first
 * socket that becomes dirty. Sockets of one channel receive the same messages in the same order, so the joined
 * payload of the last socket is kept for the turn: the next socket with the same messages (by identity) reuses it,
 * and {@link SharedFrames} then frames it once for all of them. Confined to the gateway's event loop.
 */
final class WriteCoalescer {

  private static final System.Logger LOG = System.getLogger(WriteCoalescer.class.getName());

  /**
   * Largest joined payload. A message above it is sent on its own and at once, and what waits is sent before a
   * message that would take it past the bound; so a big publication reaches the kernel as it did without coalescing,
   * and the slow-consumer check sees what the kernel did not take.
   */
  static final int MAX_JOINED_BYTES = 64 * 1024;
  /**
   * What waits for the end of the turn also counts toward {@code client.maxQueuedBytes} (a stalled client is cut at
   * the same byte count either way); held to an eighth of that limit, it can never be what makes a reading client
   * look slow.
   */
  static final int SHARE_OF_QUEUE_LIMIT = 8;

  private final Context context;
  private final int joinLimit;
  private ArrayList<WebSocketTransport> dirty = new ArrayList<>();
  private ArrayList<WebSocketTransport> flushing = new ArrayList<>();
  private boolean scheduled;
  private byte[] lastFirst;
  private List<byte[]> lastMore;
  private Format lastFormat;
  private byte[] lastJoined;

  WriteCoalescer(Context context, int maxQueuedBytes) {
    this.context = context;
    this.joinLimit = Math.min(MAX_JOINED_BYTES, maxQueuedBytes / SHARE_OF_QUEUE_LIMIT);
  }

  /** Most bytes a socket's messages may take while they wait for the end of the turn. */
  int joinLimit() {
    return joinLimit;
  }

  /** {@code transport} has messages waiting; it is flushed at the end of this turn. Called once per turn per socket. */
  void dirty(WebSocketTransport transport) {
    dirty.add(transport);
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> flushAll());
    }
  }

  /** Sockets waiting for the end of this turn (for tests). */
  int dirtyCount() {
    return dirty.size();
  }

  private void flushAll() {
    scheduled = false;
    // A socket made dirty while this runs (a close handler writing, say) waits for the next turn's task.
    ArrayList<WebSocketTransport> batch = dirty;
    dirty = flushing;
    flushing = batch;
    for (int i = 0; i < batch.size(); i++) {
      try {
        batch.get(i).flushPending();
      } catch (RuntimeException e) {
        // One broken socket must not keep the others' messages back; its session learns of it from the socket.
        LOG.log(System.Logger.Level.WARNING, "flush of coalesced messages failed", e);
      }
    }
    batch.clear();
    lastFirst = null;
    lastMore = null;
    lastJoined = null;
    lastFormat = null;
  }

  /** {@code first} followed by {@code more} as one payload of {@code format}; the same array for the same messages. */
  byte[] join(byte[] first, List<byte[]> more, Format format) {
    if (first == lastFirst && format == lastFormat && sameMessages(more, lastMore)) {
      return lastJoined;
    }
    List<byte[]> all = new ArrayList<>(more.size() + 1);
    all.add(first);
    all.addAll(more);
    lastJoined = format.frame(all);
    lastFirst = first;
    lastMore = more;
    lastFormat = format;
    return lastJoined;
  }

  private static boolean sameMessages(List<byte[]> a, List<byte[]> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != b.get(i)) {
        return false;
      }
    }
    return true;
  }
}
