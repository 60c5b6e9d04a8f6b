package hub.session;

import java.util.function.Consumer;

/**
 * The sessions of one shard, as an intrusive doubly linked list through {@link Session#prev} and
 * {@link Session#next}: adding and unlinking are O(1) and cost no per-session collection entry. Confined to the
 * shard's event loop.
 */
final class SessionList {

  private Session first;
  private int size;

  void add(Session session) {
    session.next = first;
    if (first != null) {
      first.prev = session;
    }
    first = session;
    size++;
  }

  void remove(Session session) {
    if (session.prev != null) {
      session.prev.next = session.next;
    } else {
      first = session.next;
    }
    if (session.next != null) {
      session.next.prev = session.prev;
    }
    session.prev = null;
    session.next = null;
    size--;
  }

  /** The most recently added session, or null when empty. */
  Session first() {
    return first;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return first == null;
  }

  /** Visits every session; {@code action} may remove the session it is given (a close), but no other. */
  void forEach(Consumer<Session> action) {
    for (Session s = first; s != null; ) {
      Session next = s.next;
      action.accept(s);
      s = next;
    }
  }
}
