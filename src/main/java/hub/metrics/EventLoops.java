package hub.metrics;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The Netty event loops of a Vert.x instance, which are the loops the hub's gateways and session shards run on (the
 * node sizes the pool to its shard count). Read through Vert.x's integration API ({@code VertxInternal}); if a later
 * Vert.x removes it, the list is empty and one warning names what then reads 0. Thread-safe (stateless).
 */
final class EventLoops {

  private static final System.Logger LOG = System.getLogger(EventLoops.class.getName());

  private EventLoops() {
  }

  /** @param whatReadsZero the figures that read 0 without the loops, for the one warning */
  static List<EventExecutor> of(Vertx vertx, String whatReadsZero) {
    List<EventExecutor> loops = new ArrayList<>();
    try {
      EventLoopGroup group = ((VertxInternal) vertx).nettyEventLoopGroup();
      for (EventExecutor e : group) {
        loops.add(e);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.log(WARNING, "the event loops cannot be read from this Vert.x ({0}); {1} reads 0", String.valueOf(e),
          whatReadsZero);
      return List.of();
    }
    return List.copyOf(loops);
  }
}
