package hub.session;

/**
 * One session's deadlines (connect, next ping, pong, token expiry, the earliest subscription expiry), all epoch millis with 0 for "not set", and the
 * earliest of them, which the shard's sweep compares with the clock. This class decides what is due; the session acts
 * on it. Before connect only the connect deadline counts. Confined to its session's event loop.
 */
final class SessionDeadlines {

  /** What a session must do at a sweep, most urgent first. */
  enum Due { NOTHING, STALE, EXPIRED, SUBSCRIPTION_EXPIRED, NO_PONG, PING }

  private boolean connected;
  private long connectBy;
  private long nextPingAt;
  private long pongBy;
  private long expireAt;
  private long subscriptionsAt;
  private long earliest;

  SessionDeadlines(long connectBy) {
    this.connectBy = connectBy;
    this.earliest = connectBy;
  }

  /** The earliest deadline; the sweep calls the session only once it has passed. */
  long earliest() {
    return earliest;
  }

  /** Connect succeeded: the connect deadline gives way to the heartbeat and, if set, the expiry. */
  void connected(long firstPingAt, long expiresAt) {
    connected = true;
    connectBy = 0;
    nextPingAt = firstPingAt;
    expireAt = expiresAt;
    recompute();
  }

  /** A refreshed token moved the expiry (0: none). */
  void expiry(long expiresAt) {
    expireAt = expiresAt;
    recompute();
  }

  /** The earliest expiry of the session's subscriptions moved (0: none expires). */
  void subscriptions(long earliestExpiry) {
    subscriptionsAt = earliestExpiry;
    recompute();
  }

  /**
   * A pong arrived. Only a ping that went out and is still unanswered can be answered (pong timeout is below the ping
   * interval, so there is at most one): anything else is an unsolicited pong.
   *
   * @return whether a ping was waiting for this pong
   */
  boolean pongReceived() {
    if (!connected || pongBy == 0) {
      return false;
    }
    pongBy = 0;
    recompute();
    return true;
  }

  /**
   * A ping was due at {@code now}. A pong deadline is set only if the ping went out and no earlier ping is still
   * unanswered (the first unanswered ping is the one that counts).
   */
  void pinged(boolean sent, long pongDeadline, long nextPing) {
    if (sent && pongBy == 0) {
      pongBy = pongDeadline;
    }
    nextPingAt = nextPing;
    recompute();
  }

  /** The session closed: nothing is ever due again. */
  void clear() {
    connected = false;
    connectBy = 0;
    earliest = Long.MAX_VALUE;
  }

  Due due(long now) {
    if (!connected) {
      return connectBy > 0 && now >= connectBy ? Due.STALE : Due.NOTHING;
    }
    if (expireAt > 0 && now >= expireAt) {
      return Due.EXPIRED;
    }
    if (subscriptionsAt > 0 && now >= subscriptionsAt) {
      return Due.SUBSCRIPTION_EXPIRED;
    }
    if (pongBy > 0 && now >= pongBy) {
      return Due.NO_PONG;
    }
    return now >= nextPingAt ? Due.PING : Due.NOTHING;
  }

  private void recompute() {
    if (!connected) {
      earliest = connectBy;
      return;
    }
    long d = nextPingAt;
    if (pongBy > 0) {
      d = Math.min(d, pongBy);
    }
    if (expireAt > 0) {
      d = Math.min(d, expireAt);
    }
    if (subscriptionsAt > 0) {
      d = Math.min(d, subscriptionsAt);
    }
    earliest = d;
  }
}
