package hub.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Asks every node of the cluster the same question and collects the answers that arrive in time. A node that is
 * leaving or dead simply does not answer and is left out, so one bad node never fails the whole call. Thread-safe.
 */
public final class NodeDirectory {

  private static final DeliveryOptions QUERY = new DeliveryOptions().setSendTimeout(3_000);

  private final Vertx vertx;
  private final Supplier<List<String>> nodeIds;

  /** @param nodeIds the current members' node ids (just this node when not clustered) */
  public NodeDirectory(Vertx vertx, Supplier<List<String>> nodeIds) {
    this.vertx = vertx;
    this.nodeIds = nodeIds;
  }

  /** Sends {@code query} to {@link Addresses#nodeQuery} of each node; answers in node order, missing ones skipped. */
  public Future<List<JsonObject>> askAll(JsonObject query) {
    List<String> ids = nodeIds.get();
    List<Future<Message<JsonObject>>> asks = new ArrayList<>(ids.size());
    for (String id : ids) {
      asks.add(vertx.eventBus().request(Addresses.nodeQuery(id), query, QUERY));
    }
    return Future.join(asks).transform(ignored -> {
      List<JsonObject> answers = new ArrayList<>(ids.size());
      for (Future<Message<JsonObject>> ask : asks) {
        if (ask.succeeded()) {
          answers.add(ask.result().body());
        }
      }
      return Future.succeededFuture(answers);
    });
  }

  /** The {@code info} API result: {@code {"nodes":[...]}}, one entry per node that answered. */
  public Future<JsonObject> info() {
    return askAll(new JsonObject().put("op", "info"))
        .map(answers -> new JsonObject().put("nodes", new JsonArray(new ArrayList<>(answers))));
  }

  /** Channel name to subscriber count, summed over the nodes that answered. */
  public Future<JsonObject> channels() {
    return askAll(new JsonObject().put("op", "channels")).map(answers -> {
      JsonObject merged = new JsonObject();
      for (JsonObject counts : answers) {
        counts.forEach(e ->
            merged.put(e.getKey(), merged.getLong(e.getKey(), 0L) + ((Number) e.getValue()).longValue()));
      }
      return merged;
    });
  }
}
