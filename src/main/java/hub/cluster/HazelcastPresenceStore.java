package hub.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import hub.log.LogFields;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
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
  private final HazelcastInstance hazelcast;
  /**
   * Null until opened: opening the map's proxy adds its indexes, operations under split-brain protection, so a node
   * that starts below {@code cluster.quorum} cannot open it yet, and must still start (unready) rather than fail. It
   * does not even try until it sees the quorum: a refused proxy initialisation is a WARN with a stack trace from
   * Hazelcast's proxy service, at every start of a first member, for what is only a node waiting for its peers.
   */
  private volatile IMap<String, HazelcastJsonValue> map;
  private final Quorum quorum;
  private final AtomicBoolean opening = new AtomicBoolean();
  /** Told once the map is open (readiness waits for it); may be told twice. */
  private volatile Runnable opened = () -> { };
  private final String nodeId;
  private final PresenceWrites.Touch touch;
  private final PresenceGenerations generations = new PresenceGenerations();

  /** A store without split-brain protection (tests, and a cluster with a quorum of 0 or 1). */
  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, String nodeId) {
    this(vertx, hazelcast, nodeId, Quorum.off());
  }

  /** A store whose map is under {@code quorum}, as declared by {@link Quorum#configure}: opened once it is met. */
  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, String nodeId, Quorum quorum) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.nodeId = nodeId;
    this.quorum = quorum;
    this.touch = new PresenceWrites.Touch(hazelcast.getConfig().getMapConfig(MAP_NAME).getTimeToLiveSeconds());
    open();
    // After a merge the smaller side's entries are gone (see configure): every owner writes its own again, once
    // publications travel again, as the joins those rewrites push must reach the other side (routesConfirmed).
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGED) {
        generations.merged();
        open(); // an island that started alone reaches its quorum by merging, not by a member added
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
   * @param onRemoved told about each entry removed this way and the node that owned it, to publish leave pushes
   */
  public void watchMembers(HazelcastInstance hazelcast, Quorum quorum, BiConsumer<String, PresenceEntry> onRemoved) {
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // A node that started below the quorum could not open the map; open it now, before clients subscribe here
        // (readiness waits for the quorum), so that their first writes do not fail and come back as repairs.
        open();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        boolean oldest = event.getMembers().iterator().next().localMember();
        if (oldest && !quorum.metBy(event.getMembers().size())) {
          System.getLogger(HazelcastPresenceStore.class.getName()).log(System.Logger.Level.DEBUG,
              "presence purge refused below the cluster quorum", LogFields.of("members", event.getMembers().size()));
        } else if (oldest) {
          String departed = event.getMember().getAttribute(VERTX_NODE_ID_ATTRIBUTE);
          if (departed != null) {
            // Checked again before each removal: once the departed node is back (a heal), its entries are its own
            // again, freshly rewritten, and removing them would push leaves for clients that never left.
            purge(departed, () -> quorum.metBy(hazelcast.getCluster().getMembers().size())
                && !memberSeen(hazelcast, departed), onRemoved);
          }
        }
      }
    });
    open(); // the quorum may have come between the constructor's look and the listener's registration
  }

  /** Whether this member sees the quorum now (Hazelcast updates its protection before member listeners run). */
  private boolean quorate() {
    try {
      return quorum.metBy(hazelcast.getCluster().getMembers().size());
    } catch (RuntimeException notRunning) {
      return false;
    }
  }

  /** What a call gets while the map is not open below the quorum: refused, as Hazelcast itself would. */
  private static SplitBrainProtectionException belowQuorum() {
    return new SplitBrainProtectionException("the presence map is not open: below cluster.quorum");
  }

  /**
   * Opens the map on a worker (it waits on the cluster), at most one attempt at a time; once open, the generation
   * moves so that owners write the entries whose writes failed meanwhile (each session's shard rewrites its owned
   * entries when the generation moves, see {@code Membership.refreshIfDue}). Below the quorum it does nothing.
   */
  private void open() {
    if (map != null || !quorate() || !opening.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> hazelcast.<String, HazelcastJsonValue>getMap(MAP_NAME), false).onComplete(ar -> {
      if (ar.succeeded()) {
        map = ar.result();
        generations.opened();
        opened.run();
      } else {
        // The quorum went again between the look and the proxy's initialisation: the next member event retries.
        System.getLogger(HazelcastPresenceStore.class.getName()).log(System.Logger.Level.DEBUG,
            "presence map not opened: " + ar.cause());
      }
      opening.set(false);
    });
  }

  /**
   * The open map, for calls that must not wait (an event loop's); throws while it is not open, asking to open it
   * (a refusal below the quorum, which callers log at DEBUG; the generation moves when it opens, so the entries
   * written meanwhile are written again).
   */
  private IMap<String, HazelcastJsonValue> openMap() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m == null) {
      open();
      if (!quorate()) {
        throw belowQuorum();
      }
      throw new IllegalStateException("the presence map is opening");
    }
    return m;
  }

  /**
   * Told each time publications are confirmed to travel between this node and every other ({@link RouteCheck}):
   * the first time after a merge, the generation moves so that the owners write their entries again and push a
   * join for each one the merge or a survivor's purge lost. Before that, the event bus may not yet carry this
   * node's pushes to the other side, and those joins would be lost. Any thread.
   */
  public void routesConfirmed() {
    generations.routesConfirmed();
  }

  /** Runs {@code then} once the map is open (at once if it is); on a worker or the caller's thread. */
  public void whenOpen(Runnable then) {
    opened = then;
    if (map != null) {
      then.run();
    }
  }

  /** Whether the map is open, so calls from an event loop can reach it. */
  boolean isOpen() {
    return map != null;
  }

  /** The map, opened here if need be (not below the quorum): for calls on a worker thread only. */
  private IMap<String, HazelcastJsonValue> mapOnWorker() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m != null) {
      return m;
    }
    if (!quorate()) {
      throw belowQuorum();
    }
    return hazelcast.getMap(MAP_NAME);
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
      return Future.fromCompletionStage(openMap().submitToKeys(keys, touch)).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Puts back the entries that are missing (after a merge discarded them, a purge removed them while this node
   * lived, or before the map could be opened) and restarts the TTL of those still there, one processor per entry on
   * its partition, so that the answer says exactly which ones came back: only those get a join push.
   */
  @Override
  public Future<Collection<PresenceEntry>> rewrite(Collection<PresenceEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    try {
      IMap<String, HazelcastJsonValue> m = openMap();
      List<PresenceEntry> order = new ArrayList<>(entries);
      List<Future<Boolean>> writes = new ArrayList<>(order.size());
      for (PresenceEntry e : order) {
        JsonObject value = new JsonObject().put("channel", e.channel()).put("node", nodeId).put("info", e.info());
        writes.add(Future.fromCompletionStage(
            m.submitToKey(e.key(), new PresenceWrites.Restore(value.encode(), touch.ttlSeconds()))));
      }
      Context caller = vertx.getOrCreateContext();
      Promise<Collection<PresenceEntry>> answer = Promise.promise();
      Future.all(writes).<Collection<PresenceEntry>>map(done -> {
        List<PresenceEntry> restored = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
          if (Boolean.TRUE.equals(writes.get(i).result())) {
            restored.add(order.get(i));
          }
        }
        return restored;
      }).onComplete(ar -> caller.runOnContext(v -> answer.handle(ar))); // Hazelcast's threads complete the writes
      return answer.future();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Counts on the members holding the entries, then fetches only when the reply fits. */
  @Override
  public Future<JsonObject> members(String channel, int limit) {
    return vertx.executeBlocking(() -> {
      Predicate<String, HazelcastJsonValue> inChannel = Predicates.equal("channel", channel);
      long count = mapOnWorker().aggregate(Aggregators.count(), inChannel);
      if (count > limit) {
        throw new TooManyMembers(limit);
      }
      JsonObject out = read(mapOnWorker().values(inChannel));
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
      IMap<String, HazelcastJsonValue> m = mapOnWorker();
      long clients = m.aggregate(Aggregators.count(), inChannel);
      Set<Object> users = m.aggregate(Aggregators.distinct("info.user"), inChannel);
      // Counted apart, so churn between the two may make them disagree; users never outnumber clients.
      int n = (int) Math.min(Integer.MAX_VALUE, clients);
      return new JsonObject().put("num_clients", n).put("num_users", Math.min(n, users.size()));
    }, false);
  }

  @Override
  public Future<JsonObject> members(String channel) {
    return vertx.executeBlocking(() -> read(mapOnWorker().values(Predicates.equal("channel", channel))), false);
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
      mapOnWorker().removeAll(Predicates.equal("node", departed));
      return null;
    }, false);
  }

  @Override
  public long generation() {
    return generations.current();
  }

  @Override
  public boolean rejoinAll(long generation) {
    return generations.rejoinAll(generation);
  }

  @Override
  public boolean rejoinComing(long since) {
    return generations.rejoinComing(since);
  }

  /** Whether this member currently sees the node with Vert.x node id {@code vertxNodeId} in its cluster. */
  public static boolean memberSeen(HazelcastInstance hazelcast, String vertxNodeId) {
    try {
      for (Member m : hazelcast.getCluster().getMembers()) {
        if (vertxNodeId.equals(m.getAttribute(VERTX_NODE_ID_ATTRIBUTE))) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException notRunning) {
      return false;
    }
  }

  private void purge(String departed, BooleanSupplier stillGone, BiConsumer<String, PresenceEntry> onRemoved) {
    vertx.executeBlocking(() -> {
      IMap<String, HazelcastJsonValue> map = mapOnWorker();
      for (Map.Entry<String, HazelcastJsonValue> e : map.entrySet(Predicates.equal("node", departed))) {
        if (!stillGone.getAsBoolean()) {
          return null;
        }
        JsonObject value = new JsonObject(e.getValue().getValue());
        JsonObject info = value.getJsonObject("info");
        if (map.remove(e.getKey()) != null) {
          onRemoved.accept(departed, new PresenceEntry(value.getString("channel"), info.getString("client"), info));
        }
      }
      return null;
    }, false);
  }
}
