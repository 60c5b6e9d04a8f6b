package hub.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Presence in a Hazelcast map with one backup. Key: {@code client|channel}; value: JSON with the channel, the owning
 * node and the ClientInfo, indexed by channel (for presence queries) and by node (for the clean-up of a node that is
 * gone). The map's TTL, which the owning nodes keep restarting, is the bound on ghosts if clean-up is ever missed.
 * Thread-safe; blocking Hazelcast queries run on worker threads.
 */
public final class HazelcastPresenceStore implements PresenceStore {

  public static final String MAP_NAME = "hub.presence";
  /**
   * Member attribute under which the Vert.x cluster manager publishes its node id (a UUID of its own, not the
   * Hazelcast member UUID); our entries are tagged with that id.
   */
  private static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> map;
  private final String nodeId;
  private final Touch touch;

  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, String nodeId) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(MAP_NAME);
    this.nodeId = nodeId;
    this.touch = new Touch(hazelcast.getConfig().getMapConfig(MAP_NAME).getTimeToLiveSeconds());
  }

  /** Declares the presence map in a Hazelcast configuration before the instance starts. */
  public static void configure(Config config, Duration ttl) {
    MapConfig map = config.getMapConfig(MAP_NAME)
        .setBackupCount(1)
        .setTimeToLiveSeconds((int) Math.max(1, ttl.toSeconds()));
    map.addIndexConfig(new com.hazelcast.config.IndexConfig(IndexType.HASH, "channel"));
    map.addIndexConfig(new com.hazelcast.config.IndexConfig(IndexType.HASH, "node"));
  }

  /**
   * Removes a departed member's entries as soon as Hazelcast reports it gone. Only the oldest surviving member does
   * the work, so the removal (and the leave pushes it may trigger) happens once.
   *
   * @param onRemoved told about each entry removed this way, to publish leave pushes
   */
  public void watchMembers(HazelcastInstance hazelcast, Consumer<PresenceEntry> onRemoved) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        boolean oldest = hazelcast.getCluster().getMembers().iterator().next().localMember();
        if (oldest) {
          String departed = event.getMember().getAttribute(VERTX_NODE_ID_ATTRIBUTE);
          if (departed != null) {
            purge(departed, onRemoved);
          }
        }
      }
    });
  }

  /*
   * The async map calls throw at once (HazelcastInstanceNotActiveException) when this member is no longer running,
   * for example while the node leaves the cluster at shutdown. The interface promises a future, and callers in the
   * close routine count a failed one; a throw would escape into them (issue 10, item 3).
   */

  @Override
  public Future<Void> add(PresenceEntry entry) {
    try {
      JsonObject value = new JsonObject().put("channel", entry.channel()).put("node", nodeId).put("info", entry.info());
      return Future.fromCompletionStage(map.setAsync(entry.key(), new HazelcastJsonValue(value.encode())));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> remove(String channel, String client) {
    try {
      return Future.fromCompletionStage(map.removeAsync(client + '|' + channel)).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Restarts the TTL of entries that still exist, and only those: the keys travel, with a processor that touches an
   * entry where it is, so nothing is re-encoded or re-sent, and a refresh that lands after a removal finds nothing
   * and brings nothing back. It used to put the whole snapshot again, which resurrected an entry removed in between
   * for a whole TTL (issue 10, item 8).
   */
  @Override
  public Future<Void> refresh(Collection<PresenceEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<String> keys = entries.stream().map(PresenceEntry::key).collect(Collectors.toSet());
    try {
      return Future.fromCompletionStage(map.submitToKeys(keys, touch)).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Sets an existing entry's value to itself with a fresh TTL; leaves an absent one absent. Runs on its partition. */
  static final class Touch implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
    private static final long serialVersionUID = 1L;
    private final long ttlSeconds;

    Touch(long ttlSeconds) {
      this.ttlSeconds = ttlSeconds;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
      HazelcastJsonValue value = entry.getValue();
      if (value == null) {
        return false;
      }
      if (ttlSeconds > 0 && entry instanceof ExtendedMapEntry<?, ?> e) {
        ((ExtendedMapEntry<String, HazelcastJsonValue>) e).setValue(value, ttlSeconds, TimeUnit.SECONDS);
      } else {
        entry.setValue(value); // an update restarts the map's TTL
      }
      return true;
    }
  }

  /** Counts on the members holding the entries, then fetches only when the reply fits. */
  @Override
  public Future<JsonObject> members(String channel, int limit) {
    return vertx.executeBlocking(() -> {
      Predicate<String, HazelcastJsonValue> inChannel = Predicates.equal("channel", channel);
      long count = map.aggregate(Aggregators.count(), inChannel);
      if (count > limit) {
        throw new TooManyMembers(limit);
      }
      JsonObject out = read(map.values(inChannel));
      if (out.size() > limit) {
        throw new TooManyMembers(limit); // joined between the count and the fetch
      }
      return out;
    }, false);
  }

  /** Two aggregations on the members holding the entries: no entry crosses the network, only the distinct users. */
  @Override
  public Future<JsonObject> stats(String channel) {
    return vertx.executeBlocking(() -> {
      Predicate<String, HazelcastJsonValue> inChannel = Predicates.equal("channel", channel);
      long clients = map.aggregate(Aggregators.count(), inChannel);
      Set<Object> users = map.aggregate(Aggregators.distinct("info.user"), inChannel);
      // Counted apart, so churn between the two may make them disagree; users never outnumber clients.
      int n = (int) Math.min(Integer.MAX_VALUE, clients);
      return new JsonObject().put("num_clients", n).put("num_users", Math.min(n, users.size()));
    }, false);
  }

  @Override
  public Future<JsonObject> members(String channel) {
    return vertx.executeBlocking(() -> read(map.values(Predicates.equal("channel", channel))), false);
  }

  private static JsonObject read(Collection<HazelcastJsonValue> values) {
    JsonObject out = new JsonObject();
    for (HazelcastJsonValue v : values) {
      JsonObject info = new JsonObject(v.getValue()).getJsonObject("info");
      out.put(info.getString("client"), info);
    }
    return out;
  }

  @Override
  public Future<Void> removeNode(String departed) {
    return vertx.executeBlocking(() -> {
      map.removeAll(Predicates.equal("node", departed));
      return null;
    }, false);
  }

  private void purge(String departed, Consumer<PresenceEntry> onRemoved) {
    vertx.executeBlocking(() -> {
      for (Map.Entry<String, HazelcastJsonValue> e : map.entrySet(Predicates.equal("node", departed))) {
        JsonObject value = new JsonObject(e.getValue().getValue());
        JsonObject info = value.getJsonObject("info");
        if (map.remove(e.getKey()) != null) {
          onRemoved.accept(new PresenceEntry(value.getString("channel"), info.getString("client"), info));
        }
      }
      return null;
    }, false);
  }
}
