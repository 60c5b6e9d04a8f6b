package hub.support;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Clustered hub nodes in this JVM, joined through the shipped cluster.xml (loopback only) under a cluster name of
 * their own, so that no two tests, and no two runs, can ever join each other. Tracks the clients a test opens and
 * drops them before the nodes go. Used from the test thread only.
 */
public final class TestCluster implements AutoCloseable {

  private final String name = "hub-test-" + UUID.randomUUID();
  private final JsonObject overrides;
  private final List<TestHub> nodes = new ArrayList<>();
  private final List<WsClient> opened = new ArrayList<>();

  private TestCluster(JsonObject overrides) {
    this.overrides = overrides;
  }

  /**
   * Starts {@code size} nodes with the test configuration plus {@code overrides} (cluster settings added here) and
   * waits until each sees all of them and is ready. The first node starts alone and the others join it together: concurrent
   * joiners find an existing master, whereas nodes that all start at once may each form a cluster of their own.
   */
  public static TestCluster start(int size, JsonObject overrides) {
    TestCluster cluster = new TestCluster(overrides);
    try {
      cluster.nodes.add(TestHub.start(cluster.nodeConfig()));
      List<CompletableFuture<TestHub>> joining = new ArrayList<>();
      for (int i = 1; i < size; i++) {
        joining.add(CompletableFuture.supplyAsync(() -> TestHub.start(cluster.nodeConfig())));
      }
      joining.forEach(f -> cluster.nodes.add(Await.result(f, Duration.ofSeconds(90))));
      for (TestHub n : cluster.nodes) {
        Await.equal("cluster size seen by each node", size, () -> n.node().clusterSize());
        // Ready once its peers route publications to it, which follows the join asynchronously.
        Await.until("node ready", () -> n.node().readiness().isReady());
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The configuration of one more node of this cluster. */
  public JsonObject nodeConfig() {
    return overrides.copy().mergeIn(new JsonObject()
        .put("cluster", new JsonObject().put("enabled", true).put("name", name)), true);
  }

  public String name() {
    return name;
  }

  public TestHub node(int i) {
    return nodes.get(i);
  }

  public List<TestHub> nodes() {
    return List.copyOf(nodes);
  }

  /** A connected client on {@code node}, reset when the cluster closes. */
  public WsClient client(TestHub node, String user) {
    WsClient c = WsClient.connected(node.port(), user);
    opened.add(c);
    return c;
  }

  /** The Hazelcast member under a node's Vert.x. */
  public static HazelcastInstance hazelcast(TestHub node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.node().vertx()).clusterManager()).getHazelcastInstance();
  }

  /** Drops every client, checks that the nodes still running hold nothing for them, and stops the nodes. */
  @Override
  public void close() {
    opened.forEach(WsClient::reset);
    try {
      for (TestHub n : nodes) {
        if (n.node().readiness().isReady()) {
          n.assertIdle();
        }
      }
    } finally {
      nodes.forEach(TestCluster::closeQuietly);
    }
  }

  private static void closeQuietly(TestHub node) {
    try {
      node.close();
    } catch (AssertionError e) {
      // A node whose Hazelcast a test terminated may fail to leave cleanly; it is gone either way.
    }
  }
}
