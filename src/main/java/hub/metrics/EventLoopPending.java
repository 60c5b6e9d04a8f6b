package hub.metrics;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Tasks queued on the node's event loops right now: event-bus deliveries, socket writes and timers waiting for their
 * loop. It is the one number that says the loops are falling behind their input (issue 10, item 10), before latency
 * or the heap does. Read through Vert.x's integration API ({@code VertxInternal}) and Netty's public
 * {@code pendingTasks()} (see {@link EventLoops}); if a later Vert.x changes either, the count reads 0 and one
 * warning says so. Thread-safe: each read asks every loop for its queue size.
 */
public final class EventLoopPending implements LongSupplier {

  private final List<SingleThreadEventExecutor> loops;

  private EventLoopPending(List<SingleThreadEventExecutor> loops) {
    this.loops = loops;
  }

  public static EventLoopPending of(Vertx vertx) {
    List<SingleThreadEventExecutor> loops = new ArrayList<>();
    for (EventExecutor e : EventLoops.of(vertx, "hub_eventloop_pending")) {
      if (e instanceof SingleThreadEventExecutor s) {
        loops.add(s);
      }
    }
    return new EventLoopPending(List.copyOf(loops));
  }

  /** The number of loops being read (0 when the internals were not found). */
  public int loops() {
    return loops.size();
  }

  @Override
  public long getAsLong() {
    long sum = 0;
    for (SingleThreadEventExecutor loop : loops) {
      sum += loop.pendingTasks();
    }
    return sum;
  }
}
