package hub.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import hub.support.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The presence store of a member below {@code cluster.quorum} leaves the map alone (issue 10, split-brain
 * leftovers): writes fail as refused below the quorum (callers log those at DEBUG), the store does not call itself
 * open (readiness waits for that), and once a second member brings the quorum the map opens, the generation moves
 * (so owners write their entries again) and the entry written before the quorum can be restored.
 */
class HazelcastPresenceQuorumTest {

  final String name = "presence-quorum-" + UUID.randomUUID();
  final List<HazelcastInstance> members = new ArrayList<>();
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    members.forEach(HazelcastInstance::shutdown);
    Await.result(vertx.close());
  }

  HazelcastInstance member() {
    Config config = new Config().setClusterName(name);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    HazelcastPresenceStore.configure(config, Duration.ofSeconds(90));
    new Quorum(2).configure(config, HazelcastPresenceStore.MAP_NAME);
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
    members.add(hz);
    return hz;
  }

  static <T> Future<T> settled(Future<T> f) {
    Await.until("the store answers", f::isComplete);
    return f;
  }

  @Test
  void belowTheQuorumTheMapIsLeftAloneAndItOpensWhenTheQuorumArrives() {
    HazelcastInstance first = member();
    Quorum quorum = new Quorum(2);
    HazelcastPresenceStore store = new HazelcastPresenceStore(vertx, first, "node-1", quorum);
    AtomicBoolean opened = new AtomicBoolean();
    store.whenOpen(() -> opened.set(true));
    store.watchMembers(first, quorum, (owner, entry) -> { });
    long before = store.generation();
    PresenceEntry ann = new PresenceEntry("room:a", "c1", new JsonObject().put("client", "c1").put("user", "ann"));

    Future<Void> early = settled(store.add(ann));
    assertTrue(early.failed() && Quorum.refused(early.cause()), () -> "refused below the quorum: " + early.cause());
    Future<JsonObject> query = settled(store.members("room:a"));
    assertTrue(query.failed() && Quorum.refused(query.cause()), () -> "refused below the quorum: " + query.cause());
    assertFalse(opened.get(), "not open below the quorum");
    assertFalse(store.isOpen());

    member();
    Await.until("the map opens once the quorum is met", Duration.ofSeconds(30), opened::get);
    assertTrue(store.generation() > before, "the generation moves, so owners write their entries again");
    Future<java.util.Collection<PresenceEntry>> restored = settled(store.rewrite(List.of(ann)));
    assertEquals(List.of(ann), List.copyOf(restored.result()), "the entry written before the quorum comes back");
    assertEquals("ann", settled(store.members("room:a")).result().getJsonObject("c1").getString("user"));
  }
}
