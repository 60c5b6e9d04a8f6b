package hub.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import hub.log.LogFields;
import hub.protocol.ProtocolCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * This node's place in its cluster, or the lack of one: its node id, the quorum and the membership watches that feed
 * readiness, the periodic backups-in-sync check, the route check, and the cluster-facing services (broker, presence,
 * the cross-node info and channel queries) built over the same Hazelcast instance. Not clustered, it answers as a
 * cluster of one that is always joined, quorate, routed and safe. Thread-safe: the watches call back on Hazelcast's
 * event threads, so the readiness consumers given must be thread-safe.
 */
public final class ClusterNode {

  /** How often a worker asks Hazelcast whether this node's partitions have their backups in sync. */
  static final long SAFETY_CHECK_INTERVAL_MS = 1000;
  private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());

  /**
   * Where the cluster's state goes (readiness, in the hub): each called on any thread, at once and on changes.
   * {@code quorate} is true when the quorum is met and the presence map is open: a node whose store is still opening
   * (after its first member event at the quorum, on a loaded machine seconds later) would take subscriptions whose
   * presence writes fail, and their entries would come back at the open with a second join each.
   */
  public record Signals(Consumer<Boolean> joined, Consumer<Boolean> quorate, Consumer<Boolean> routed) {
  }

  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private final String nodeId;
  private final Quorum quorum;
  private final Signals signals;
  private final NodeDirectory directory;
  /** Last answer of the safety check; true when not clustered. Written on the node's context, read by any scrape. */
  private volatile boolean backupsInSync;
  private boolean safetyCheckRunning;
  private volatile HazelcastPresenceStore hazelcastPresence;
  /** What the quorum's watch said last; guarded by this. */
  private boolean quorumMet;
  /** Whether presence can be written: until a Hazelcast store is built, then once its map is open; guarded by this. */
  private boolean presenceOpen = true;
  private RouteCheck routes;
  private EventBusBroker broker;

  /**
   * Starts watching at once (call when the clustered Vert.x has joined: building it completes only then).
   *
   * @param clusterManager  null when not clustered
   * @param quorumChanges   told of each quorum change after the first look (true regained, false lost)
   */
  public ClusterNode(Vertx vertx, HazelcastClusterManager clusterManager, int quorumSize,
                     Consumer<Boolean> quorumChanges, Signals signals) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
    this.signals = signals;
    // Clustered, the node id is the Vert.x cluster node id, so a departed member's presence entries can be found.
    this.nodeId = clusterManager != null ? clusterManager.getNodeId() : UUID.randomUUID().toString();
    this.quorum = clusterManager != null ? new Quorum(quorumSize, quorumChanges) : Quorum.off();
    this.backupsInSync = clusterManager == null;
    this.directory = new NodeDirectory(vertx, this::nodeIds);
    if (clusterManager == null) {
      signals.joined().accept(true);
      signals.quorate().accept(true);
      return;
    }
    // Hazelcast's safety check asks the backups and may wait seconds for them: it runs on a worker, one at a time,
    // and the gauge reads its last answer, so a scrape never blocks an event loop.
    vertx.setPeriodic(SAFETY_CHECK_INTERVAL_MS, id -> {
      if (!safetyCheckRunning) {
        safetyCheckRunning = true;
        vertx.executeBlocking(this::checkBackupsInSync, false).onComplete(ar -> {
          backupsInSync = ar.succeeded() && ar.result();
          safetyCheckRunning = false;
        });
      }
    });
    MembershipWatch.watch(hazelcast(), member -> {
      // Readiness first: the log line below asks the cluster for its size, which a member that is shutting down
      // cannot answer.
      signals.joined().accept(member);
      LOG.log(System.Logger.Level.INFO, member ? "cluster member" : "not a cluster member",
          LogFields.of("members", member ? size() : 0));
    });
    quorum.watch(hazelcast(), met -> quorate(met, null)); // logs its changes itself
  }

  /**
   * The broker over the event bus, with the route check that confirms publications travel to and from every other
   * member (readiness waits for it; a merge's presence rewrite too). Call once, before {@link #presence}.
   */
  public EventBusBroker broker() {
    if (broker == null) {
      routes = new RouteCheck(vertx, nodeId, this::nodeIds, routed -> {
        signals.routed().accept(routed);
        HazelcastPresenceStore store = hazelcastPresence;
        if (routed && store != null) {
          store.routesConfirmed();
        }
      });
      broker = new EventBusBroker(vertx.eventBus(), routes::heard, nodeId,
          other -> clusterManager != null && HazelcastPresenceStore.memberSeen(hazelcast(), other));
    }
    return broker;
  }

  /**
   * The presence store: in Hazelcast when clustered, where a member that vanished cannot send leave pushes for its
   * clients, so the survivor that purges its entries does (and a node that still sees it drops them, see
   * {@link EventBusBroker}); local otherwise.
   */
  public PresenceStore presence() {
    if (clusterManager == null) {
      return new LocalPresenceStore();
    }
    EventBusBroker pushes = broker();
    quorate(null, false);
    HazelcastPresenceStore store = new HazelcastPresenceStore(vertx, hazelcast(), nodeId, quorum);
    store.whenOpen(() -> quorate(null, true));
    store.watchMembers(hazelcast(), quorum, (owner, entry) -> pushes.publishRepair(
        entry.channel(), ProtocolCodec.leavePush(entry.channel(), entry.info()), entry.client(), owner));
    hazelcastPresence = store;
    return store;
  }

  /** Tells readiness whether the quorum is met and presence open, after a change of either (null: unchanged). */
  private synchronized void quorate(Boolean met, Boolean open) {
    if (met != null) {
      quorumMet = met;
    }
    if (open != null) {
      presenceOpen = open;
    }
    signals.quorate().accept(quorumMet && presenceOpen);
  }

  /** Starts the route check once every shard's consumer is registered; completes when it has begun. */
  public Future<Void> startRouting() {
    return routes.start(broker(), clusterManager != null ? hazelcast() : null);
  }

  /** Every node's {@code info} answer, as the server API's {@code info} method returns them. */
  public Future<JsonObject> info() {
    return directory.info();
  }

  /** Subscriber counts per channel, summed over every node. */
  public Future<JsonObject> channels() {
    return directory.channels();
  }

  public String nodeId() {
    return nodeId;
  }

  public boolean clustered() {
    return clusterManager != null;
  }

  /** The Hazelcast instance; only when {@link #clustered()}. */
  public HazelcastInstance hazelcast() {
    return clusterManager.getHazelcastInstance();
  }

  public Quorum quorum() {
    return quorum;
  }

  /** The last answer of the periodic backups-in-sync check (true when not clustered). */
  public boolean backupsInSync() {
    return backupsInSync;
  }

  /** Members this node sees, itself included (1 when not clustered; 0 once its member has shut down). */
  public int size() {
    if (clusterManager == null) {
      return 1;
    }
    try {
      return clusterManager.getNodes().size();
    } catch (HazelcastInstanceNotActiveException stopped) {
      return 0;
    }
  }

  private List<String> nodeIds() {
    return clusterManager != null ? clusterManager.getNodes() : List.of(nodeId);
  }

  /** The local check (the cluster-wide one asks every member). Blocking: called on a worker only. */
  private boolean checkBackupsInSync() {
    try {
      return hazelcast().getPartitionService().isLocalMemberSafe();
    } catch (HazelcastInstanceNotActiveException stopped) {
      return false;
    }
  }
}
