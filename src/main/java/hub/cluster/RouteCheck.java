package hub.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.INFO;

/**
 * Confirms that publications travel both ways between this node and every other before this node calls itself
 * routed (issue 10, item 14). Vert.x makes a new consumer known to the other members asynchronously (a Hazelcast
 * entry event, then a throttled lookup on each of them), so a node whose consumers are registered may still be
 * missing from its peers' routing for a moment, and after a split-brain merge for longer: a client it accepts then
 * misses what is published through another node.
 *
 * <p>The check is a round trip on the fan-out address itself, not on an address of its own (each address is routed
 * separately): in rounds, this node publishes a route probe and asks each peer to publish one; a peer is confirmed
 * once its probe has reached this node and it answers that this node's probe of this check reached it: each check
 * has an id of its own, carried by its probes and its questions, because a peer that did not merge (the majority
 * side) still remembers the probes it heard before the split, and answering from those confirmed a route that the
 * merge had not restored yet (the repair joins sent then were lost: SplitBrainIT, 1 run in 5 under load). It runs at
 * start and again after every merge. A member that serves no route check (a plain Vert.x member, not a hub) is left
 * out after a few rounds. Rounds run on one context; heard probes arrive on any shard's loop.
 */
public final class RouteCheck {

  private static final System.Logger LOG = System.getLogger(RouteCheck.class.getName());
  static final long ROUND_MS = 200;
  /** Rounds after which a member without a route check is taken for a non-hub member and left out. */
  static final int NO_HANDLER_ROUNDS = 10;
  /** Rounds between two log lines naming the peers still unconfirmed. */
  private static final int LOG_EVERY_ROUNDS = 50;
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(1000);

  private final Vertx vertx;
  private final String nodeId;
  private final Supplier<List<String>> members;
  private final Consumer<Boolean> routed;
  /** Peers whose probes reached this node since this check began. */
  private final Set<String> heardFrom = ConcurrentHashMap.newKeySet();
  /** Per peer, the check id of the last probe of it heard here (empty for an older node's probe without one). */
  private final Map<String, String> checkHeard = new ConcurrentHashMap<>();
  private final Set<String> confirmed = new HashSet<>();
  private final Map<String, Integer> withoutHandler = new HashMap<>();
  private EventBusBroker broker;
  private Context context;
  private MessageConsumer<JsonObject> consumer;
  /** Bumped by every (re)start, so that rounds of an earlier check stop. */
  private long generation;
  /** This node's current check id, carried by its probes; new at each check. Written on the check's context. */
  private volatile String checkId = UUID.randomUUID().toString();
  private int rounds;

  /**
   * @param members the node ids of the current members, this node included
   * @param routed  told false when a check starts and true once every peer is confirmed; on the check's context
   */
  public RouteCheck(Vertx vertx, String nodeId, Supplier<List<String>> members, Consumer<Boolean> routed) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.members = members;
    this.routed = routed;
  }

  /** For the broker: a route probe from {@code from}, of its check {@code check}, reached a shard here. Any thread. */
  public void heard(String from, String check) {
    if (from != null) {
      heardFrom.add(from);
      checkHeard.put(from, check == null ? "" : check);
    }
  }

  /**
   * Serves peers' checks and starts this node's; call once every shard's consumer is registered. Starts again after
   * each merge of {@code hazelcast} (null when not clustered: then the only member is this node).
   */
  public Future<Void> start(EventBusBroker broker, HazelcastInstance hazelcast) {
    this.broker = broker;
    this.context = vertx.getOrCreateContext();
    consumer = vertx.eventBus().consumer(Addresses.routeCheck(nodeId), this::answer);
    if (hazelcast != null) {
      hazelcast.getLifecycleService().addLifecycleListener(event -> {
        if (event.getState() == LifecycleState.MERGING) {
          routed.accept(false);
        } else if (event.getState() == LifecycleState.MERGED) {
          routed.accept(false); // at once: membership reports the node back before the check below has begun
          context.runOnContext(v -> check());
        }
      });
    }
    return consumer.completion().onSuccess(v -> context.runOnContext(x -> check()));
  }

  private void answer(Message<JsonObject> msg) {
    broker.publishProbe(nodeId, checkId);
    JsonObject body = msg.body();
    String asking = body == null ? null : body.getString("node");
    String check = body == null ? null : body.getString("check");
    String last = asking == null ? null : checkHeard.get(asking);
    // An asker without a check id (an older node) gets the old answer: any probe of it ever heard.
    msg.reply(new JsonObject().put("heard", last != null && (check == null || check.equals(last))));
  }

  private void check() {
    generation++;
    checkId = UUID.randomUUID().toString();
    rounds = 0;
    confirmed.clear();
    withoutHandler.clear();
    heardFrom.clear();
    routed.accept(false);
    round(generation);
  }

  private void round(long gen) {
    if (gen != generation) {
      return;
    }
    Set<String> peers;
    try {
      peers = new HashSet<>(members.get());
    } catch (RuntimeException notAMember) {
      vertx.setTimer(ROUND_MS, id -> round(gen)); // leaving or merging: the member list is back soon, or never
      return;
    }
    peers.remove(nodeId);
    peers.removeAll(confirmed);
    if (peers.isEmpty()) {
      routed.accept(true);
      return;
    }
    rounds++;
    if (rounds % LOG_EVERY_ROUNDS == 0) {
      LOG.log(INFO, "not ready yet: publications to and from these nodes are not confirmed: " + peers);
    }
    broker.publishProbe(nodeId, checkId);
    JsonObject question = new JsonObject().put("node", nodeId).put("check", checkId);
    List<Future<?>> asks = new ArrayList<>();
    for (String peer : peers) {
      asks.add(vertx.eventBus().<JsonObject>request(Addresses.routeCheck(peer), question, ASK)
          .onComplete(ar -> {
            if (gen != generation) {
              return;
            }
            if (ar.succeeded()) {
              withoutHandler.remove(peer);
              if (ar.result().body().getBoolean("heard", false) && heardFrom.contains(peer)) {
                confirmed.add(peer);
              }
            } else if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
                && withoutHandler.merge(peer, 1, Integer::sum) >= NO_HANDLER_ROUNDS) {
              LOG.log(INFO, "member " + peer + " serves no route check (not a hub node?): left out of readiness");
              confirmed.add(peer);
            }
          }));
    }
    Future.join(asks).onComplete(ar -> context.runOnContext(v -> vertx.setTimer(ROUND_MS, id -> round(gen))));
  }
}
