package hub.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One proxy call in flight on behalf of a session. It holds one of the node's in-flight slots until it settles:
 * the answer arrives (the slot is given back and {@link #reply()} completes), or the session closes first and
 * {@link #abandon()}s it (the slot is given back at once, and the answer, when it comes, is dropped and counted).
 * Thread-safe: the answer may arrive on another thread than the session's.
 */
public final class ProxyCall {

  private final Promise<ProxyReply> reply = Promise.promise();
  private final AtomicBoolean settled = new AtomicBoolean();
  private final Runnable release;
  private final Runnable late;

  ProxyCall(Runnable release, Runnable late) {
    this.release = release;
    this.late = late;
  }

  /** An already settled call (refused at once, or no proxy to call); it holds no slot. */
  static ProxyCall settled(ProxyReply answer) {
    ProxyCall c = new ProxyCall(() -> { }, () -> { });
    c.settled.set(true);
    c.reply.complete(answer);
    return c;
  }

  /** Completes with the mapped answer; never fails; never completes once abandoned. */
  public Future<ProxyReply> reply() {
    return reply.future();
  }

  public boolean isDone() {
    return settled.get();
  }

  /** The session no longer wants the answer: give the slot back now. Idempotent. */
  public void abandon() {
    if (settled.compareAndSet(false, true)) {
      release.run();
    }
  }

  void answered(ProxyReply answer) {
    if (settled.compareAndSet(false, true)) {
      release.run();
      reply.complete(answer);
    } else {
      late.run();
    }
  }
}
