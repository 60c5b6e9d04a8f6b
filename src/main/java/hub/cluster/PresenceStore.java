package hub.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is subscribed to presence-enabled channels. Written only by the node that owns each session; read by anyone.
 * Entries live for a TTL unless refreshed, so a node that dies without a word leaves nothing behind for long.
 * Thread-safe; every call returns at once and completes later.
 */
public interface PresenceStore {

  Future<Void> add(PresenceEntry entry);

  Future<Void> remove(String channel, String client);

  /** Re-asserts entries this node owns, restarting their TTL. */
  Future<Void> refresh(Collection<PresenceEntry> entries);

  /**
   * Writes entries this node owns whole, for when the store may have lost them ({@link #generation} moved, or a
   * purge of this live node was heard): a refresh may only restart the TTL of entries that still exist. Completes
   * with the entries that were missing and are now back, so that the owner can push a join for each of them to the
   * clients that were told they had left (issue 10, split brain); entries that were present only get a fresh TTL.
   * Called from an event loop, it completes on that event loop's context.
   */
  default Future<Collection<PresenceEntry>> rewrite(Collection<PresenceEntry> entries) {
    return refresh(entries).map(v -> List.of());
  }

  /**
   * Client id to ClientInfo for every member of {@code channel}, on every node. Called from an event loop, it
   * completes on that event loop's context (sessions rely on this to stay confined to their loop).
   */
  Future<JsonObject> members(String channel);

  /**
   * As {@link #members(String)}, but fails with {@link TooManyMembers} when the channel has more than {@code limit}
   * members, so that one command cannot make the node fetch and encode an unbounded reply (issue 10, item 8). A store
   * that can count without fetching does so first.
   */
  default Future<JsonObject> members(String channel, int limit) {
    return members(channel).compose(m -> m.size() > limit
        ? Future.failedFuture(new TooManyMembers(limit)) : Future.succeededFuture(m));
  }

  /** {@code num_clients} and {@code num_users} of {@code channel}; a store that can count without fetching does. */
  default Future<JsonObject> stats(String channel) {
    return members(channel).map(PresenceStore::stats);
  }

  /**
   * Changes whenever entries this node wrote may have been lost by the store (a split-brain merge): owners then
   * write theirs again at once instead of at their next refresh. Constant for a store that cannot lose them.
   */
  default long generation() {
    return 0;
  }

  /**
   * Whether owners whose {@link #generation} moved to {@code generation} must push a join for every entry they
   * own, not only for those their rewrite found missing: after a split-brain merge, a join pushed between the merge
   * and the routes' confirmation (a resubscribe after 2500, say) may never have reached the other side, although
   * its entry is in the store. Never for a store that cannot lose entries.
   */
  default boolean rejoinAll(long generation) {
    return false;
  }

  /**
   * Whether an owner that started a rewrite at generation {@code since} will still push (or has pushed, since) a
   * join for every entry it owns: a merge is waiting for its routes, or its {@link #rejoinAll} generation came after
   * {@code since}. The joins that rewrite's missing entries would get are then left to the rejoin, or the clients
   * on the other side hear each of them twice. Never for a store that cannot lose entries.
   */
  default boolean rejoinComing(long since) {
    return false;
  }

  /** Drops every entry written by {@code nodeId} (that node left or died). */
  Future<Void> removeNode(String nodeId);

  /** A channel with more members than a presence reply may list. No stack trace: it is an answer, not a fault. */
  final class TooManyMembers extends RuntimeException {
    public TooManyMembers(int limit) {
      super("more than " + limit + " members", null, false, false);
    }
  }

  /** {@code num_clients} and {@code num_users} of a {@link #members} answer. */
  static JsonObject stats(JsonObject members) {
    Set<String> users = new HashSet<>();
    members.forEach(e -> users.add(((JsonObject) e.getValue()).getString("user")));
    return new JsonObject().put("num_clients", members.size()).put("num_users", users.size());
  }
}
