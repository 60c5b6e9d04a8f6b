package hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network that can be split, for Hazelcast members in one JVM. Member {@code i} binds Hazelcast to
 * {@code 127.77.1.(i+1)} and advertises {@code 127.77.2.(i+1)}, where a relay of this class forwards to it; members
 * connect from their own address, so the relay knows which member is calling. {@link #cut} closes every connection
 * between the two sides and refuses new ones; {@link #heal} lets them through again. Only Hazelcast's traffic goes
 * through the relay, not the event bus: after a cut the two sides stop routing to each other because Hazelcast
 * tells each that the other's members are gone (the process-level partition test cuts everything). Thread-safe.
 */
public final class LoopbackPartition implements AutoCloseable {

  private final int size;
  private final int[] ports;
  private final List<ServerSocket> relays = new ArrayList<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  /** Members on side A of the cut (the rest are side B); empty when the network is whole. */
  private volatile Set<Integer> sideA = Set.of();

  private LoopbackPartition(int size) {
    this.size = size;
    this.ports = new int[size];
  }

  /** Opens a relay for each of {@code size} members, on ports free on every address. */
  public static LoopbackPartition open(int size) {
    LoopbackPartition net = new LoopbackPartition(size);
    try {
      for (int i = 0; i < size; i++) {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
          port = probe.getLocalPort();
        }
        net.ports[i] = port;
        ServerSocket relay = new ServerSocket();
        relay.bind(new InetSocketAddress(publicAddress(i), port));
        net.relays.add(relay);
        int target = i;
        Thread t = new Thread(() -> net.accept(relay, target), "partition-relay-" + i);
        t.setDaemon(true);
        t.start();
      }
      return net;
    } catch (IOException e) {
      net.close();
      throw new AssertionError("cannot open the loopback relays: " + e, e);
    }
  }

  public static String bindAddress(int member) {
    return "127.77.1." + (member + 1);
  }

  public static String publicAddress(int member) {
    return "127.77.2." + (member + 1);
  }

  /**
   * Writes member {@code i}'s Hazelcast XML (loopback addresses of its own, every member listed through the relays,
   * fast failure detection and merge search) and returns its path.
   */
  public Path memberConfig(int member, Path dir) {
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < size; i++) {
      members.append("<member>").append(publicAddress(i)).append(':').append(ports[i]).append("</member>");
    }
    String xml = """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <cluster-name>partition-test</cluster-name>
          <properties>
            <property name="hazelcast.phone.home.enabled">false</property>
            <property name="hazelcast.logging.type">jdk</property>
            <property name="hazelcast.shutdownhook.enabled">false</property>
            <property name="hazelcast.wait.seconds.before.join">1</property>
            <property name="hazelcast.heartbeat.interval.seconds">1</property>
            <property name="hazelcast.max.no.heartbeat.seconds">5</property>
            <property name="hazelcast.merge.first.run.delay.seconds">3</property>
            <property name="hazelcast.merge.next.run.delay.seconds">2</property>
            <property name="hazelcast.socket.bind.any">false</property>
            <property name="hazelcast.socket.client.bind.any">false</property>
            <property name="hazelcast.local.localAddress">%s</property>
          </properties>
          <network>
            <public-address>%s:%d</public-address>
            <port auto-increment="false">%d</port>
            <join>
              <auto-detection enabled="false"/>
              <multicast enabled="false"/>
              <tcp-ip enabled="true"><member-list>%s</member-list></tcp-ip>
            </join>
          </network>
          <multimap name="__vertx.subs"><backup-count>1</backup-count><value-collection-type>SET</value-collection-type></multimap>
          <map name="__vertx.haInfo"><backup-count>1</backup-count></map>
          <map name="__vertx.nodeInfo"><backup-count>1</backup-count></map>
        </hazelcast>
        """.formatted(bindAddress(member), publicAddress(member), ports[member], ports[member], members);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("member-" + member + "-" + ports[member] + ".xml");
      Files.writeString(file, xml);
      return file;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Splits the network between {@code side} and every other member. */
  public void cut(Set<Integer> side) {
    sideA = Set.copyOf(side);
    for (Link link : links) {
      if (crosses(link.from, link.to)) {
        link.close();
      }
    }
  }

  public void heal() {
    sideA = Set.of();
  }

  private boolean crosses(int from, int to) {
    Set<Integer> a = sideA;
    return !a.isEmpty() && a.contains(from) != a.contains(to);
  }

  private void accept(ServerSocket relay, int target) {
    while (!relay.isClosed()) {
      Socket in;
      try {
        in = relay.accept();
      } catch (IOException closed) {
        return;
      }
      int from = memberOf(in.getInetAddress());
      if (from < 0 || crosses(from, target)) {
        closeQuietly(in);
        continue;
      }
      try {
        Socket out = new Socket(bindAddress(target), ports[target]);
        Link link = new Link(from, target, in, out);
        links.add(link);
        link.start();
      } catch (IOException e) {
        closeQuietly(in);
      }
    }
  }

  /** The member a connection comes from: the last byte of its address, on either of the member's addresses. */
  private int memberOf(InetAddress address) {
    byte[] b = address.getAddress();
    int member = (b[3] & 0xff) - 1;
    return b[0] == 127 && b[1] == 77 && member >= 0 && member < size ? member : -1;
  }

  @Override
  public void close() {
    relays.forEach(LoopbackPartition::closeQuietly);
    links.forEach(Link::close);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** One relayed connection: a pump thread each way; closing either socket ends both. */
  private final class Link {
    final int from;
    final int to;
    final Socket in;
    final Socket out;

    Link(int from, int to, Socket in, Socket out) {
      this.from = from;
      this.to = to;
      this.in = in;
      this.out = out;
    }

    void start() throws IOException {
      pump(in.getInputStream(), out.getOutputStream(), "relay-" + from + "-" + to);
      pump(out.getInputStream(), in.getOutputStream(), "relay-" + to + "-" + from);
    }

    private void pump(InputStream src, OutputStream dst, String name) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[16 * 1024];
        try {
          for (int n; (n = src.read(buf)) >= 0; ) {
            dst.write(buf, 0, n);
          }
        } catch (IOException ended) {
          // either side closed
        } finally {
          close();
        }
      }, name);
      t.setDaemon(true);
      t.start();
    }

    void close() {
      closeQuietly(in);
      closeQuietly(out);
      links.remove(this);
    }
  }
}
