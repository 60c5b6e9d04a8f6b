package hub.transport;

import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.GenericFutureListener;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Drops the close promises that Vert.x 5.0.7's earlier connection objects of a socket leave on its Netty channel.
 * Every Vert.x connection object adds a promise of its own to {@code channel.closeFuture()} when it is made, and an
 * upgraded WebSocket has had three: the 5,000-connection heap dump (bench/results/perf6) shows all three promises per
 * socket held by the channel's listener array, two of them by nothing else (the replaced HTTP/1 connection's and one
 * more), with no listener and no value. Completing such a promise does nothing, so they are removed: 48 B a socket.
 * When the live connection's promise is then the only listener left it is put back as the single one, without the
 * listener array (on a hub socket the server's channel group listens too, so the array stays). A promise that anyone
 * waits on is kept. Needs reflection on Netty's and Vert.x's private fields; when they are not found nothing
 * changes and one warning is logged. Call on the socket's event loop.
 */
final class CloseListeners {

  private static final System.Logger LOG = System.getLogger(CloseListeners.class.getName());
  private static final String VERTX_PROMISE = "io.vertx.core.impl.future.PromiseImpl";
  private static final Field SINGLE;
  private static final Field MANY;
  private static final Method MANY_ARRAY;
  private static final Field PROMISE_LISTENER;

  static {
    Field single = null;
    Field many = null;
    Method array = null;
    Field waiter = null;
    try {
      single = DefaultPromise.class.getDeclaredField("listener");
      many = DefaultPromise.class.getDeclaredField("listeners");
      array = many.getType().getDeclaredMethod("listeners");
      waiter = Class.forName("io.vertx.core.impl.future.FutureImpl").getDeclaredField("listener");
      single.setAccessible(true);
      many.setAccessible(true);
      array.setAccessible(true);
      waiter.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "Netty or Vert.x internals changed; sockets keep their stale close promises: " + e);
      single = null;
    }
    SINGLE = single;
    MANY = many;
    MANY_ARRAY = array;
    PROMISE_LISTENER = waiter;
  }

  private CloseListeners() {
  }

  static boolean available() {
    return SINGLE != null;
  }

  /**
   * Removes from {@code channel}'s close future every Vert.x promise other than {@code live} that nobody waits on.
   *
   * @return how many were removed
   */
  static int prune(Channel channel, Object live) {
    if (SINGLE == null || !(channel.closeFuture() instanceof DefaultPromise<?> closing) || closing.isDone()) {
      return 0;
    }
    try {
      List<GenericFutureListener<?>> all = listeners(closing);
      int removed = 0;
      for (GenericFutureListener<?> l : all) {
        if (l != live && l.getClass().getName().equals(VERTX_PROMISE) && !((io.vertx.core.Future<?>) l).isComplete()
            && PROMISE_LISTENER.get(l) == null) {
          remove(closing, l);
          removed++;
        }
      }
      if (removed > 0 && live instanceof GenericFutureListener<?> kept && SINGLE.get(closing) == null
          && listeners(closing).size() == 1) {
        // Re-adding the one listener left makes it the single listener, without the array around it.
        remove(closing, kept);
        add(closing, kept);
      }
      return removed;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "could not drop a socket's stale close promises: " + e);
      return 0;
    }
  }

  private static List<GenericFutureListener<?>> listeners(DefaultPromise<?> p) throws ReflectiveOperationException {
    List<GenericFutureListener<?>> out = new ArrayList<>(3);
    Object one = SINGLE.get(p);
    if (one != null) {
      out.add((GenericFutureListener<?>) one);
    }
    Object many = MANY.get(p);
    if (many != null) {
      for (GenericFutureListener<?> l : (GenericFutureListener<?>[]) MANY_ARRAY.invoke(many)) {
        if (l != null) {
          out.add(l);
        }
      }
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void remove(DefaultPromise<?> p, GenericFutureListener<?> l) {
    ((DefaultPromise) p).removeListener((GenericFutureListener) l);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void add(DefaultPromise<?> p, GenericFutureListener<?> l) {
    ((DefaultPromise) p).addListener((GenericFutureListener) l);
  }
}
