package hub.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import hub.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once its Hazelcast member has stopped (as while a node leaves the cluster), the presence store answers every
 * write with a failed future instead of throwing into the caller (issue 10, item 3).
 */
class HazelcastPresenceStoreTest {

  static Vertx vertx;
  static HazelcastInstance hazelcast;
  static HazelcastPresenceStore store;

  @BeforeAll
  static void startAndStopAMember() {
    Config config = new Config().setClusterName("presence-test-" + UUID.randomUUID());
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast = Hazelcast.newHazelcastInstance(config);
    vertx = Vertx.vertx();
    store = new HazelcastPresenceStore(vertx, hazelcast, "node-1");
    hazelcast.shutdown();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static void failsWithoutThrowing(String what, Supplier<Future<Void>> call) {
    Future<Void> f = call.get(); // a throw here fails the test, as it broke the close routine on main
    Await.until(what + " completes", f::isComplete);
    assertTrue(f.failed(), what + " on a stopped member must fail");
  }

  @Test
  void writesOnAStoppedMemberFailInsteadOfThrowing() {
    PresenceEntry entry = new PresenceEntry("room:a", "c1", new JsonObject().put("client", "c1").put("user", "u"));
    failsWithoutThrowing("add", () -> store.add(entry));
    failsWithoutThrowing("remove", () -> store.remove("room:a", "c1"));
    failsWithoutThrowing("refresh", () -> store.refresh(List.of(entry)));
  }
}
