package hub.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Not a test: what the bounded presence queries of issue 10, item 8 cost against the old ones. Two Hazelcast members in
 * this JVM on loopback (so that half the entries cross the network), one channel of 5,000 members (2,500 users) plus
 * 5,000 entries of other channels; times {@code presence_stats} the old way (fetch every entry, count in the caller),
 * the new way (two aggregations where the entries are), and a {@code presence} refused past a limit of 1,000 (a count
 * only) against fetching the whole channel.
 *
 * <p>Measured 2026-12-02 on the shared 2-core machine (load average 8-11 from other work, run under
 * {@code flock /tmp/bench.lock}), ms per call, p50 / p90 / max over 40 calls after 5 warm-up calls, in this order:
 * presence_stats fetch-all 18.9 / 47.4 / 88.7; presence_stats two aggregations 24.6 / 34.8 / 109.4; presence fetch-all
 * 8.6 / 14.6 / 16.9; presence refused past 1,000 (count only) 5.8 / 9.2 / 12.5. So on loopback the aggregations do not
 * make presence_stats faster (two round trips instead of one); what they remove is the 5,000 entries crossing the
 * network and being decoded by the caller. Later rows ran with a warmer JIT, so compare rows with care.
 *
 * <p>Run: {@code mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt} then
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) hub.cluster.PresenceStatsMeasure}.
 */
public final class PresenceStatsMeasure {

  private static final int MEMBERS = 5_000;
  private static final int ROUNDS = 40;

  public static void main(String[] args) throws Exception {
    String cluster = "presence-measure-" + UUID.randomUUID();
    HazelcastInstance a = Hazelcast.newHazelcastInstance(config(cluster));
    HazelcastInstance b = Hazelcast.newHazelcastInstance(config(cluster));
    Vertx vertx = Vertx.vertx();
    try {
      HazelcastPresenceStore store = new HazelcastPresenceStore(vertx, a, "node-a");
      List<Future<Void>> writes = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        writes.add(store.add(entry("room:big", "c" + i, "u" + (i % (MEMBERS / 2)))));
        writes.add(store.add(entry("room:other" + (i % 50), "o" + i, "v" + i)));
      }
      Future.all(writes).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      System.out.printf("%d members in room:big over 2 Hazelcast members; %d rounds each (ms per call)%n",
          MEMBERS, ROUNDS);
      report("presence_stats, fetch all + count (old)", () -> store.members("room:big").map(PresenceStore::stats));
      report("presence_stats, two aggregations (new)", () -> store.stats("room:big"));
      report("presence, fetch all (old, unbounded)", () -> store.members("room:big"));
      report("presence, limit 1000: count, refuse (new)", () -> store.members("room:big", 1_000).otherwiseEmpty());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      b.shutdown();
      a.shutdown();
    }
  }

  private static void report(String what, Supplier<Future<?>> call) throws Exception {
    for (int i = 0; i < 5; i++) {
      call.get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // warm-up
    }
    long[] ms = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      long t0 = System.nanoTime();
      call.get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      ms[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(ms);
    System.out.printf("%-44s p50 %7.2f  p90 %7.2f  max %7.2f%n", what, ms[ROUNDS / 2] / 1000.0,
        ms[ROUNDS * 9 / 10] / 1000.0, ms[ROUNDS - 1] / 1000.0);
  }

  private static PresenceEntry entry(String channel, String client, String user) {
    return new PresenceEntry(channel, client, new JsonObject().put("client", client).put("user", user)
        .put("conn_info", new JsonObject().put("name", "someone with a name")));
  }

  private static Config config(String cluster) {
    Config config = new Config().setClusterName(cluster);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    HazelcastPresenceStore.configure(config, Duration.ofMinutes(5));
    return config;
  }
}
