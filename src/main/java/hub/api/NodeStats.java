package hub.api;

import hub.cluster.Addresses;
import hub.metrics.HubMetrics;
import hub.protocol.ServerVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Gathers this node's figures by asking each of its shards (each answers on its own event loop, so nothing is read
 * across threads). Thread-safe.
 */
public final class NodeStats {

  private static final DeliveryOptions LOCAL_QUERY = new DeliveryOptions().setSendTimeout(5_000).setLocalOnly(true);

  private final Vertx vertx;
  private final String nodeId;
  private final String nodeName;
  private final int shards;
  private final long startedAtMs;
  private final LongSupplier channelCount;
  private final HubMetrics metrics;
  private final IntSupplier clusterMembers;

  /**
   * @param metrics        the node's counters, reported so that a reader (the admin page) can derive rates
   * @param clusterMembers cluster members this node sees, itself included
   */
  public NodeStats(Vertx vertx, String nodeId, String nodeName, int shards, LongSupplier channelCount,
                   HubMetrics metrics, IntSupplier clusterMembers) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.clusterMembers = clusterMembers;
    this.channelCount = channelCount;
    this.nodeId = nodeId;
    this.nodeName = nodeName;
    this.shards = shards;
    this.startedAtMs = System.currentTimeMillis();
  }

  /** One entry of {@code /api/info}'s {@code nodes} array, for this node. */
  public Future<JsonObject> info() {
    return queryShards(false).map(replies -> {
      long clients = 0;
      long subs = 0;
      Set<String> users = new HashSet<>();
      for (JsonObject r : replies) {
        clients += r.getLong("clients");
        subs += r.getLong("subs");
        r.getJsonArray("users").forEach(u -> users.add((String) u));
      }
      return new JsonObject()
          .put("uid", nodeId)
          .put("name", nodeName)
          .put("version", ServerVersion.VALUE)
          .put("num_clients", clients)
          .put("num_users", users.size())
          .put("num_channels", channelCount.getAsLong())
          .put("num_subs", subs)
          .put("uptime", (System.currentTimeMillis() - startedAtMs) / 1000)
          .put("num_members", clusterMembers.getAsInt())
          .put("activity", activity());
    });
  }

  /**
   * Totals since this node started, never rates: a reader samples them and divides the difference by its own
   * interval, so the node keeps no time window and two readers never disturb each other.
   */
  private JsonObject activity() {
    JsonObject closed = new JsonObject();
    metrics.closedByReason().forEach(closed::put);
    return new JsonObject()
        .put("messages_in", metrics.messagesInTotal())
        .put("messages_out", metrics.messagesOutTotal())
        .put("sessions_opened", (long) metrics.openedTotal())
        .put("sessions_closed", closed);
  }

  /** Subscriber count per channel on this node. */
  public Future<JsonObject> channels() {
    return queryShards(true).map(replies -> {
      JsonObject merged = new JsonObject();
      for (JsonObject r : replies) {
        r.getJsonObject("channels").forEach(e ->
            merged.put(e.getKey(), merged.getLong(e.getKey(), 0L) + ((Number) e.getValue()).longValue()));
      }
      return merged;
    });
  }

  private Future<List<JsonObject>> queryShards(boolean withChannels) {
    JsonObject query = new JsonObject().put("channels", withChannels);
    List<Future<Message<JsonObject>>> asks = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      asks.add(vertx.eventBus().request(Addresses.shardStats(nodeId, i), query, LOCAL_QUERY));
    }
    return Future.all(asks).map(all -> {
      List<JsonObject> out = new ArrayList<>(shards);
      for (int i = 0; i < shards; i++) {
        out.add(all.<Message<JsonObject>>resultAt(i).body());
      }
      return out;
    });
  }
}
