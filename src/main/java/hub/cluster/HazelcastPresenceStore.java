package hub.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
  private final HazelcastInstance hazelcast;
  /**
   * Null until opened: opening the map's proxy runs operations under split-brain protection, so a node that starts
   * below {@code cluster.quorum} cannot open it yet, and must still start (unready) rather than fail.
   */
  private volatile IMap<String, HazelcastJsonValue> map;
  private final AtomicBoolean opening = new AtomicBoolean();
  private final String nodeId;
  private final AtomicLong generation = new AtomicLong();

  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, String nodeId) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.nodeId = nodeId;
    open();
    // After a merge the smaller side's entries are gone (see configure): every owner writes its own again at once.
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGED) {
        generation.incrementAndGet();
      }
    });
  }

  /**
   * Declares the presence map in a Hazelcast configuration before the instance starts. After a split brain the
   * smaller side's entries are discarded rather than merged in: they are a copy from before the split (entries of
   * sessions that closed meanwhile included), and the owners of the live ones write them again once merged
   * ({@link #generation}), so presence is rebuilt from the live sessions, not from either side's copy.
   */
  public static void configure(Config config, Duration ttl) {
    MapConfig map = config.getMapConfig(MAP_NAME)
        .setBackupCount(1)
        .setTimeToLiveSeconds((int) Math.max(1, ttl.toSeconds()))
        .setMergePolicyConfig(new MergePolicyConfig(DiscardMergePolicy.class.getName(),
            MergePolicyConfig.DEFAULT_BATCH_SIZE));
    map.addIndexConfig(new com.hazelcast.config.IndexConfig(IndexType.HASH, "channel"));
    map.addIndexConfig(new com.hazelcast.config.IndexConfig(IndexType.HASH, "node"));
  }

  /**
   * Removes a departed member's entries as soon as Hazelcast reports it gone. Only the oldest surviving member does
   * the work, so the removal (and the leave pushes it may trigger) happens once. A member that no longer sees the
   * quorum does nothing: it is probably the one cut off, the "departed" member still serves its clients on the
   * other side, and leave pushes for them would be false (the quorum is checked again when the purge runs).
   *
   * @param onRemoved told about each entry removed this way, to publish leave pushes
   */
  public void watchMembers(HazelcastInstance hazelcast, Quorum quorum, Consumer<PresenceEntry> onRemoved) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        boolean oldest = event.getMembers().iterator().next().localMember();
        if (oldest && quorum.metBy(event.getMembers().size())) {
          String departed = event.getMember().getAttribute(VERTX_NODE_ID_ATTRIBUTE);
          if (departed != null) {
            purge(departed, () -> quorum.metBy(hazelcast.getCluster().getMembers().size()), onRemoved);
          }
        }
      }
    });
  }

  /**
   * Opens the map on a worker (it waits on the cluster), at most one attempt at a time; once open, the generation
   * moves so that owners write the entries whose writes failed meanwhile.
   */
  private void open() {
    if (map != null || !opening.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> hazelcast.<String, HazelcastJsonValue>getMap(MAP_NAME), false).onComplete(ar -> {
      if (ar.succeeded()) {
        map = ar.result();
        generation.incrementAndGet();
      }
      opening.set(false);
    });
  }

  /** The open map, for calls that must not wait (an event loop's); throws while it is not open, asking to open it. */
  private IMap<String, HazelcastJsonValue> openMap() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m == null) {
      open();
      throw new IllegalStateException("the presence map is not open yet (below cluster.quorum?)");
    }
    return m;
  }

  /** The map, opened here if need be: for calls on a worker thread only. */
  private IMap<String, HazelcastJsonValue> mapOnWorker() {
    IMap<String, HazelcastJsonValue> m = map;
    return m != null ? m : hazelcast.getMap(MAP_NAME);
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
      return Future.fromCompletionStage(openMap().setAsync(entry.key(), new HazelcastJsonValue(value.encode())));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> remove(String channel, String client) {
    try {
      return Future.fromCompletionStage(openMap().removeAsync(client + '|' + channel)).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> refresh(Collection<PresenceEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, HazelcastJsonValue> batch = new HashMap<>(entries.size() * 2);
    for (PresenceEntry e : entries) {
      JsonObject value = new JsonObject().put("channel", e.channel()).put("node", nodeId).put("info", e.info());
      batch.put(e.key(), new HazelcastJsonValue(value.encode()));
    }
    try {
      return Future.fromCompletionStage(openMap().putAllAsync(batch));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<JsonObject> members(String channel) {
    return vertx.executeBlocking(() -> {
      JsonObject out = new JsonObject();
      for (HazelcastJsonValue v : mapOnWorker().values(Predicates.equal("channel", channel))) {
        JsonObject info = new JsonObject(v.getValue()).getJsonObject("info");
        out.put(info.getString("client"), info);
      }
      return out;
    }, false);
  }

  @Override
  public Future<Void> removeNode(String departed) {
    return vertx.executeBlocking(() -> {
      mapOnWorker().removeAll(Predicates.equal("node", departed));
      return null;
    }, false);
  }

  @Override
  public long generation() {
    return generation.get();
  }

  private void purge(String departed, java.util.function.BooleanSupplier quorate, Consumer<PresenceEntry> onRemoved) {
    vertx.executeBlocking(() -> {
      if (!quorate.getAsBoolean()) {
        return null;
      }
      IMap<String, HazelcastJsonValue> map = mapOnWorker();
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
