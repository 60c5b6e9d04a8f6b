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

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Presence work on a running Hazelcast member is bounded (issue 10, item 8): a refresh restarts the TTL of entries
 * that exist and never brings back one removed before it lands; {@code presence_stats} counts where the entries are;
 * a {@code presence} reply past its limit is refused before it is fetched.
 */
class HazelcastPresenceBoundsTest {

  static final Duration TTL = Duration.ofSeconds(4);

  static Vertx vertx;
  static HazelcastInstance hazelcast;
  static HazelcastPresenceStore store;

  @BeforeAll
  static void start() {
    Config config = new Config().setClusterName("presence-bounds-" + UUID.randomUUID());
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    HazelcastPresenceStore.configure(config, TTL);
    hazelcast = Hazelcast.newHazelcastInstance(config);
    vertx = Vertx.vertx();
    store = new HazelcastPresenceStore(vertx, hazelcast, "node-1");
    Await.until("the presence map is open", store::isOpen); // opened on a worker, after the constructor returns
  }

  @AfterAll
  static void stop() {
    hazelcast.shutdown();
    Await.result(vertx.close());
  }

  private static PresenceEntry entry(String channel, String client, String user) {
    return new PresenceEntry(channel, client, new JsonObject().put("client", client).put("user", user));
  }

  private static <T> T done(Future<T> f) {
    return Await.result(f);
  }

  @Test
  void aRefreshThatLandsAfterARemovalBringsNothingBack() {
    PresenceEntry e = entry("room:gone", "c1", "u1");
    done(store.add(e));
    done(store.remove("room:gone", "c1"));
    done(store.refresh(List.of(e))); // the shard's snapshot was taken before the removal
    assertEquals(new JsonObject(), done(store.members("room:gone")), "the removed entry stays removed");
  }

  @Test
  void aRefreshRestartsTheTtlOfLiveEntriesOnly() throws InterruptedException {
    PresenceEntry kept = entry("room:ttl", "kept", "u1");
    PresenceEntry left = entry("room:ttl", "left", "u2");
    done(store.add(kept));
    done(store.add(left));
    Thread.sleep(2_500);
    done(store.refresh(List.of(kept)));
    Thread.sleep(2_500); // 5 s after both were written, 2.5 s after one was refreshed, with a TTL of 4 s
    JsonObject members = done(store.members("room:ttl"));
    assertEquals(List.of("kept"), List.copyOf(members.fieldNames()), "only the refreshed entry outlived the TTL");
  }

  @Test
  void statsCountClientsAndDistinctUsersWhereTheEntriesAre() {
    done(store.add(entry("room:stats", "a1", "alice")));
    done(store.add(entry("room:stats", "a2", "alice")));
    done(store.add(entry("room:stats", "b1", "bob")));
    done(store.add(entry("room:stats", "g1", "")));
    done(store.add(entry("room:other", "c1", "carol")));
    assertEquals(new JsonObject().put("num_clients", 4).put("num_users", 3),
        done(store.stats("room:stats")));
    assertEquals(new JsonObject().put("num_clients", 0).put("num_users", 0), done(store.stats("room:none")));
  }

  @Test
  void chanInfoIsKeptPerChannelThroughTheClusterStore() {
    JsonObject info = new hub.protocol.ClientInfo("u1", "c1", new JsonObject().put("name", "Ann"),
        new JsonObject().put("seat", 3)).toJson();
    done(store.add(new PresenceEntry("room:seats", "c1", info)));
    done(store.add(entry("room:plain", "c1", "u1")));
    assertEquals(info, done(store.members("room:seats")).getJsonObject("c1"));
    assertEquals(null, done(store.members("room:plain")).getJsonObject("c1").getValue("chan_info"));
    done(store.remove("room:seats", "c1"));
    done(store.remove("room:plain", "c1"));
  }

  @Test
  void aPresenceReplyPastItsLimitIsRefused() {
    for (int i = 0; i < 5; i++) {
      done(store.add(entry("room:crowd", "c" + i, "u" + i)));
    }
    assertEquals(5, done(store.members("room:crowd", 5)).size());
    Future<JsonObject> tooMany = store.members("room:crowd", 4);
    Await.until("answered", tooMany::isComplete);
    assertTrue(tooMany.failed());
    assertInstanceOf(PresenceStore.TooManyMembers.class, tooMany.cause());
  }
}
