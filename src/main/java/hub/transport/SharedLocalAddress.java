package hub.transport;

import io.netty.channel.Channel;

import java.lang.reflect.Field;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Lets the sockets of a native transport (epoll, io_uring) share one copy of their local address. Netty caches each
 * accepted channel's local address on the channel, read from the kernel at accept: the listening address, the same
 * for every socket of a server, yet one {@code InetSocketAddress} with its holder and {@code Inet4Address} (96 B) per
 * socket in the 5,000-connection heap dump (bench/results/perf6). An equal address is put in its place; NIO keeps
 * its own (it lives in the JDK's channel, which the hub does not reach into). Needs reflection on Netty's private
 * field; when it is not found nothing changes. At most {@link #MAX_ADDRESSES} addresses are kept. Thread-safe.
 */
final class SharedLocalAddress {

  private static final System.Logger LOG = System.getLogger(SharedLocalAddress.class.getName());
  static final int MAX_ADDRESSES = 64;
  /** The native channels' base classes that cache {@code local}. */
  private static final Set<String> OWNERS = Set.of("io.netty.channel.epoll.AbstractEpollChannel",
      "io.netty.channel.uring.AbstractIoUringChannel");
  private static final ClassValue<Field> FIELD = new ClassValue<>() {
    @Override
    protected Field computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (OWNERS.contains(c.getName())) {
          try {
            Field f = c.getDeclaredField("local");
            f.setAccessible(true);
            return SocketAddress.class.isAssignableFrom(f.getType()) ? f : null;
          } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(WARNING, "Netty internals changed; native sockets keep their own local address: " + e);
            return null;
          }
        }
      }
      return null;
    }
  };
  private static final Map<SocketAddress, SocketAddress> SHARED = new ConcurrentHashMap<>();

  private SharedLocalAddress() {
  }

  /** Replaces {@code channel}'s cached local address by the shared equal one; true when it now holds that one. */
  static boolean share(Channel channel) {
    Field f = FIELD.get(channel.getClass());
    if (f == null) {
      return false;
    }
    try {
      Object own = f.get(channel);
      if (!(own instanceof SocketAddress address)) {
        return false;
      }
      SocketAddress shared = SHARED.get(address);
      if (shared == null) {
        if (SHARED.size() >= MAX_ADDRESSES) {
          return false;
        }
        shared = SHARED.computeIfAbsent(address, a -> a);
      }
      if (shared != own) {
        f.set(channel, shared);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "could not share a socket's local address: " + e);
      return false;
    }
  }
}
