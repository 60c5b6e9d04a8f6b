package hub.transport;

import hub.config.HttpConfig.NetTransport;
import io.vertx.core.transport.Transport;

import java.util.List;
import java.util.logging.Logger;

/**
 * Resolves the configured {@link NetTransport} to the Vert.x transport the node is built with. A native transport
 * that cannot load here (another OS or CPU, a kernel or container that forbids io_uring, the library missing)
 * falls back to NIO with one log line naming the cause, so a configuration written for production still starts on
 * a developer's laptop. Called once, before Vert.x is built.
 */
public final class TransportChoice {

  private static final Logger LOG = Logger.getLogger(TransportChoice.class.getName());

  private TransportChoice() {
  }

  /**
   * The transport to build Vert.x with: the configured one if available, else the next candidate, else NIO; its
   * accepted sockets share one read-size allocator ({@link SharedReadAllocator}).
   */
  public static Transport resolve(NetTransport wanted) {
    return SharedReadAllocator.wrap(choose(wanted));
  }

  private static Transport choose(NetTransport wanted) {
    List<Transport> candidates = switch (wanted) {
      case NIO -> List.of();
      case EPOLL -> List.of(Transport.EPOLL);
      case IO_URING -> List.of(Transport.IO_URING);
      case AUTO -> List.of(Transport.EPOLL, Transport.IO_URING);
    };
    StringBuilder refused = new StringBuilder();
    for (Transport t : candidates) {
      if (t != null && t.available()) {
        return t;
      }
      if (t != null) {
        refused.append(refused.isEmpty() ? "" : "; ").append(t.name()).append(": ").append(cause(t));
      }
    }
    if (!candidates.isEmpty()) {
      LOG.warning("http.transport " + wanted.name().toLowerCase() + " is not available here, using nio ("
          + refused + ")");
    }
    return Transport.NIO;
  }

  private static String cause(Transport t) {
    Throwable why = t.unavailabilityCause();
    if (why == null) {
      return "unavailable";
    }
    Throwable root = why;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() != null ? " " + root.getMessage() : "");
  }
}
