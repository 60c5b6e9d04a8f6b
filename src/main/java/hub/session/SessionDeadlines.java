package hub.session;

/**
 * One session's deadlines (connect, next ping, pong, token expiry, the earliest subscription expiry), all epoch millis with 0 for "not set", and the
 * earliest of them, which the shard's sweep compares with the clock. This class decides what is due; the session acts
 * on it. Before connect only the connect deadline counts. Confined to its session's event loop.
 *
 * <p>Every session holds one, so it is kept at 40 B (issue 13): the connect deadline and the next ping share a slot
 * (only one of them counts at any time), the pong deadline is an {@code int} offset from the next ping, whose two
 * spare values also say whether the session is connected, and the earliest deadline is computed when the sweep asks.
 */
final class SessionDeadlines {

  /** What a session must do at a sweep, most urgent first. */
  enum Due { NOTHING, STALE, EXPIRED, SUBSCRIPTION_EXPIRED, NO_PONG, PING }

  /** {@link #pong} before connect and after close: {@link #beat} is the connect deadline (0: none). */
  private static final int NOT_CONNECTED = Integer.MIN_VALUE;
  /** {@link #pong} while connected with no ping waiting for its pong. */
  private static final int NO_PING_WAITING = Integer.MAX_VALUE;

  /** The connect deadline before connect, the next ping once connected. */
  private long beat;
  private long expireAt;
  private long subscriptionsAt;
  /**
   * The pong deadline minus {@link #beat}, or one of the two markers. The ping interval and the pong timeout are
   * bounded to an hour each ({@code ClientConfig}), so the offset is a few of those at most; {@link #offset} still
   * saturates rather than wrap.
   */
  private int pong = NOT_CONNECTED;

  SessionDeadlines(long connectBy) {
    this.beat = connectBy;
  }

  /** The earliest deadline; the sweep calls the session only once it has passed. */
  long earliest() {
    if (pong == NOT_CONNECTED) {
      return beat > 0 ? beat : Long.MAX_VALUE;
    }
    long d = beat;
    if (pong != NO_PING_WAITING) {
      d = Math.min(d, beat + pong);
    }
    if (expireAt > 0) {
      d = Math.min(d, expireAt);
    }
    if (subscriptionsAt > 0) {
      d = Math.min(d, subscriptionsAt);
    }
    return d;
  }

  /** Connect succeeded: the connect deadline gives way to the heartbeat and, if set, the expiry. */
  void connected(long firstPingAt, long expiresAt) {
    beat = firstPingAt;
    pong = NO_PING_WAITING;
    expireAt = expiresAt;
  }

  /** A refreshed token moved the expiry (0: none). */
  void expiry(long expiresAt) {
    expireAt = expiresAt;
  }

  /** The earliest expiry of the session's subscriptions moved (0: none expires). */
  void subscriptions(long earliestExpiry) {
    subscriptionsAt = earliestExpiry;
  }

  /**
   * A pong arrived. Only a ping that went out and is still unanswered can be answered (pong timeout is below the ping
   * interval, so there is at most one): anything else is an unsolicited pong.
   *
   * @return whether a ping was waiting for this pong
   */
  boolean pongReceived() {
    if (pong == NOT_CONNECTED || pong == NO_PING_WAITING) {
      return false;
    }
    pong = NO_PING_WAITING;
    return true;
  }

  /**
   * A ping was due at {@code now}. A pong deadline is set only if the ping went out and no earlier ping is still
   * unanswered (the first unanswered ping is the one that counts).
   */
  void pinged(boolean sent, long pongDeadline, long nextPing) {
    if (pong == NOT_CONNECTED) {
      return; // not connected (or closed): nothing pings
    }
    boolean waiting = pong != NO_PING_WAITING;
    long pongBy = waiting ? beat + pong : pongDeadline;
    beat = nextPing;
    pong = waiting || sent ? offset(pongBy - nextPing) : NO_PING_WAITING;
  }

  /** The session closed: nothing is ever due again. */
  void clear() {
    beat = 0;
    pong = NOT_CONNECTED;
  }

  Due due(long now) {
    if (pong == NOT_CONNECTED) {
      return beat > 0 && now >= beat ? Due.STALE : Due.NOTHING;
    }
    if (expireAt > 0 && now >= expireAt) {
      return Due.EXPIRED;
    }
    if (subscriptionsAt > 0 && now >= subscriptionsAt) {
      return Due.SUBSCRIPTION_EXPIRED;
    }
    if (pong != NO_PING_WAITING && now >= beat + pong) {
      return Due.NO_PONG;
    }
    return now >= beat ? Due.PING : Due.NOTHING;
  }

  /** {@code delta} as an int that is neither marker. */
  private static int offset(long delta) {
    return (int) Math.max(NOT_CONNECTED + 1L, Math.min(NO_PING_WAITING - 1L, delta));
  }
}
