package bench.target;

import bench.probe.HttpProbe;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Several hub processes on this machine forming one cluster under a cluster name of their own, so a run never joins
 * another run's (or a developer's) nodes. Each node is a separate JVM with its own HTTP port; Hazelcast finds the
 * others over loopback as the shipped cluster.xml describes. Closing stops every node.
 */
public final class HubCluster implements AutoCloseable {
  private static final long FORM_TIMEOUT_MS = 120_000;

  private final List<ServerProcess> nodes;
  private final String name;

  private HubCluster(List<ServerProcess> nodes, String name) {
    this.nodes = nodes;
    this.name = name;
  }

  /**
   * Starts {@code size} nodes one after another (a node that joins while another is still forming can end up in a
   * cluster of its own for a while), and returns once every node is ready and reports {@code size} members.
   */
  public static HubCluster start(Paths paths, List<String> jvmFlags, int size, int pingMs, int pongMs)
      throws IOException, InterruptedException {
    return start(paths, jvmFlags, size, pingMs, pongMs, new io.vertx.core.json.JsonObject());
  }

  /** As above, with {@code extra} merged into every node's config. */
  public static HubCluster start(Paths paths, List<String> jvmFlags, int size, int pingMs, int pongMs,
                                 io.vertx.core.json.JsonObject extra) throws IOException, InterruptedException {
    paths.requireHubJar();
    String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<ServerProcess> nodes = new ArrayList<>();
    HubCluster cluster = new HubCluster(nodes, name);
    try {
      for (int i = 0; i < size; i++) {
        ServerProcess node = ServerProcess.startHubNode(paths, jvmFlags, pingMs, pongMs, name, "bench-node" + (i + 1),
            extra);
        nodes.add(node);
        node.awaitReady();
      }
      cluster.awaitMembers(size);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void awaitMembers(int size) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + FORM_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      boolean all = true;
      for (ServerProcess node : nodes) {
        all &= members(node) == size;
      }
      if (all) return;
      Thread.sleep(250);
    }
    throw new IOException("cluster " + name + " did not reach " + size + " members within " + FORM_TIMEOUT_MS + " ms");
  }

  /** The node's own count of cluster members (hub_cluster_members), or -1 when it does not answer. */
  static int members(ServerProcess node) {
    try {
      for (String line : HttpProbe.get(node.port(), "/metrics").split("\n")) {
        if (line.startsWith("hub_cluster_members")) {
          return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  public List<ServerProcess> nodes() {
    return nodes;
  }

  public ServerProcess node(int i) {
    return nodes.get(i);
  }

  public String name() {
    return name;
  }

  /** What the cluster itself reports about its nodes (/api/info through the first node). */
  public JsonObject info() throws IOException {
    return new JsonObject(HttpProbe.post(nodes.get(0).port(), "/api/info", "{}", HubConfigFile.API_KEY));
  }

  @Override
  public void close() {
    // In reverse start order, each one alone: a node leaving gracefully waits for the others to take its partitions.
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
