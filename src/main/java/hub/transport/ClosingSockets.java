package hub.transport;

import java.time.Clock;
import java.util.ArrayDeque;

/**
 * Sockets the hub has asked to close, kept until they are gone. A close frame queued behind a megabyte that a stalled
 * client never reads would never be sent, and Vert.x starts its closing timeout only once the frame is out; so each
 * closing socket gets a grace period after which its connection is cut. Entries are added in deadline order (the
 * grace is constant), so expiry only ever looks at the head. Confined to the gateway's event loop.
 */
final class ClosingSockets {

  /** How long a peer has to complete the close handshake before the connection is cut. */
  static final long DEFAULT_CLOSE_GRACE_MS = 3_000;

  /** A connection that can report that it is gone and be cut: a WebSocket or an HTTP stream. */
  interface Closing {
    boolean isConnectionClosed();

    void cutConnection();
  }

  private record Entry(Closing transport, long deadline) {
  }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final long graceMs;
  /** Read here rather than by each socket: a clock field in every WebSocket transport cost it 8 B (issue 13). */
  private final Clock clock;

  ClosingSockets(long graceMs, Clock clock) {
    this.graceMs = graceMs;
    this.clock = clock;
  }

  /** {@code transport} was asked to close now. */
  void add(Closing transport) {
    add(transport, clock.millis());
  }

  void add(Closing transport, long now) {
    entries.add(new Entry(transport, now + graceMs));
  }

  /** Cuts the connections whose grace has run out; forgets those already closed. */
  void expire(long now) {
    while (!entries.isEmpty()) {
      Entry head = entries.peek();
      if (head.transport.isConnectionClosed()) {
        entries.poll();
      } else if (now >= head.deadline) {
        entries.poll();
        head.transport.cutConnection();
      } else {
        return;
      }
    }
  }

  int size() {
    return entries.size();
  }
}
