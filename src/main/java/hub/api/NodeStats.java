package hub.api;

import hub.cluster.Addresses;
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

  public NodeStats(Vertx vertx, String nodeId, String nodeName, int shards, LongSupplier channelCount) {
    this.vertx = vertx;
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
          .put("uptime", (System.currentTimeMillis() - startedAtMs) / 1000);
    });
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
