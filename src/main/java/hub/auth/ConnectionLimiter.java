package hub.auth;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps upgraded sockets per node. A slot is taken before the upgrade is accepted and given back by the session's
 * close routine (or at once when the upgrade fails), so the cap also covers sockets still in their handshake.
 * Thread-safe.
 */
public final class ConnectionLimiter {

  private final int max;
  private final AtomicInteger used = new AtomicInteger();

  public ConnectionLimiter(int max) {
    this.max = max;
  }

  public boolean tryAcquire() {
    while (true) {
      int n = used.get();
      if (n >= max) {
        return false;
      }
      if (used.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void release() {
    used.decrementAndGet();
  }

  public int max() {
    return max;
  }

  public int used() {
    return used.get();
  }
}
