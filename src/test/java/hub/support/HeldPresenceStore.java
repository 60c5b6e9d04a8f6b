package hub.support;

import hub.cluster.LocalPresenceStore;
import hub.cluster.PresenceEntry;
import hub.cluster.PresenceGenerations;
import hub.cluster.PresenceStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * A single-node presence store whose membership queries can be held back: while held, {@link #members} returns a
 * future that only completes when the test calls {@link #releaseOne}, to play a cluster store that answers late.
 * It can also be told to throw on queries or on writes, to play a store with a bug or a stopped Hazelcast member,
 * and to lose every entry and move through a split-brain merge's generations as the Hazelcast store does
 * ({@link #generations}). Writes go straight to a real {@link LocalPresenceStore}. Thread-safe.
 */
public final class HeldPresenceStore implements PresenceStore {

  private volatile LocalPresenceStore store = new LocalPresenceStore();
  /** The real bookkeeping of the Hazelcast store: a test calls {@code merged()} and {@code routesConfirmed()}. */
  public final PresenceGenerations generations = new PresenceGenerations();
  private final Deque<Runnable> heldQueries = new ArrayDeque<>();
  private boolean holding;
  private RuntimeException throwOnQuery;
  private RuntimeException throwOnWrite;

  public synchronized void hold(boolean on) {
    holding = on;
  }

  /** Makes every membership query throw {@code e} at once, as a store with a bug would. */
  public synchronized void throwOnQuery(RuntimeException e) {
    throwOnQuery = e;
  }

  /**
   * Makes every write ({@link #add}, {@link #remove}, {@link #refresh}) throw {@code e} at once, as the Hazelcast
   * store did on main once its member had stopped running; null to write again.
   */
  public synchronized void throwOnWrite(RuntimeException e) {
    throwOnWrite = e;
  }

  private synchronized void failWriteIfTold() {
    if (throwOnWrite != null) {
      throw throwOnWrite;
    }
  }

  /** Drops every entry, as a split-brain merge that discards this side's copy does. */
  public synchronized void loseAll() {
    store = new LocalPresenceStore();
  }

  /** Queries waiting to be answered. */
  public synchronized int held() {
    return heldQueries.size();
  }

  /**
   * Answers the oldest held query with the store's current content. Must be called on the context that asked (the
   * shard's), as a real store's callback would arrive there.
   */
  public void releaseOne() {
    Runnable next;
    synchronized (this) {
      next = heldQueries.poll();
    }
    if (next == null) {
      throw new AssertionError("no held presence query");
    }
    next.run();
  }

  @Override
  public Future<Void> add(PresenceEntry entry) {
    failWriteIfTold();
    return store.add(entry);
  }

  @Override
  public Future<Void> remove(String channel, String client) {
    failWriteIfTold();
    return store.remove(channel, client);
  }

  @Override
  public Future<Void> refresh(Collection<PresenceEntry> entries) {
    failWriteIfTold();
    return store.refresh(entries);
  }

  /** Puts back the entries that are missing and answers with them, as the Hazelcast store's rewrite does. */
  @Override
  public synchronized Future<Collection<PresenceEntry>> rewrite(Collection<PresenceEntry> entries) {
    failWriteIfTold();
    List<PresenceEntry> back = new ArrayList<>();
    for (PresenceEntry e : entries) {
      if (!store.members(e.channel()).result().containsKey(e.client())) {
        store.add(e);
        back.add(e);
      }
    }
    return Future.succeededFuture(back);
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

  @Override
  public Future<JsonObject> members(String channel) {
    synchronized (this) {
      if (throwOnQuery != null) {
        throw throwOnQuery;
      }
      if (holding) {
        Promise<JsonObject> later = Promise.promise();
        heldQueries.add(() -> store.members(channel).onComplete(later));
        return later.future();
      }
    }
    return store.members(channel);
  }

  @Override
  public Future<Void> removeNode(String nodeId) {
    return store.removeNode(nodeId);
  }
}
