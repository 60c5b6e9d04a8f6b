package hub.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence for a single node: a concurrent map, since every shard of the node writes it. Needs no TTL: a node that
 * dies takes this map with it. Thread-safe.
 */
public final class LocalPresenceStore implements PresenceStore {

  private final Map<String, Map<String, JsonObject>> byChannel = new ConcurrentHashMap<>();

  @Override
  public Future<Void> add(PresenceEntry entry) {
    byChannel.computeIfAbsent(entry.channel(), c -> new ConcurrentHashMap<>()).put(entry.client(), entry.info());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(String channel, String client) {
    byChannel.computeIfPresent(channel, (c, members) -> {
      members.remove(client);
      return members.isEmpty() ? null : members;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> refresh(Collection<PresenceEntry> entries) {
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> members(String channel) {
    JsonObject out = new JsonObject();
    Map<String, JsonObject> members = byChannel.get(channel);
    if (members != null) {
      members.forEach(out::put);
    }
    return Future.succeededFuture(out);
  }

  @Override
  public Future<JsonObject> members(String channel, int limit) {
    Map<String, JsonObject> members = byChannel.get(channel);
    if (members != null && members.size() > limit) {
      return Future.failedFuture(new TooManyMembers(limit)); // counted before anything is copied
    }
    return members(channel);
  }

  @Override
  public Future<Void> removeNode(String nodeId) {
    byChannel.clear();
    return Future.succeededFuture();
  }
}
