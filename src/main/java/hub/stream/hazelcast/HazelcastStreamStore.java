package hub.stream.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import hub.config.HistoryOptions;
import hub.protocol.Publication;
import hub.stream.Appended;
import hub.stream.StoreListener;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;
import hub.stream.StreamQuery;
import hub.stream.StreamSlice;
import hub.stream.StreamStore;
import hub.stream.Streams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The cluster's stream store: one entry per channel in the {@value StreamSerialization#MAP} map, changed only by
 * operations that run on the member owning the channel's partition (see {@link AppendOperation}). The caller never
 * blocks: every call is Hazelcast's asynchronous {@code submitToKey}, whose answer arrives on a Hazelcast thread (the
 * caller's {@code StoreCalls} brings it back to its context and bounds it in time). Each node sweeps only the
 * entries it owns. Thread-safe.
 *
 * <p>Publications are handed to the broker when the owner's answer arrives, so two nodes (or two event loops of one
 * node) may hand over offsets N and N+1 in either order: receivers put them back in order (see
 * {@link hub.stream.ShardStreams}).
 */
public final class HazelcastStreamStore implements StreamStore {

  private static final System.Logger LOG = System.getLogger(HazelcastStreamStore.class.getName());
  private static final double SHED_TO = 0.9;
  private static final int SWEEP_BATCH = 1000;

  private final Vertx vertx;
  private final IMap<String, StreamLog> map;
  private final long maxBytes;
  private final long sweepIntervalMs;
  private final LongSupplier clock;
  private final StoreListener listener;
  private final AtomicLong nextSweep = new AtomicLong();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong channels = new AtomicLong();

  public HazelcastStreamStore(Vertx vertx, HazelcastInstance hazelcast, long maxBytes, long sweepIntervalMs,
                              LongSupplier clock, StoreListener listener) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(StreamSerialization.MAP);
    this.maxBytes = maxBytes;
    this.sweepIntervalMs = sweepIntervalMs;
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public Future<Appended> append(String channel, HistoryOptions options, byte[] pub, String idempotencyKey,
                                 Consumer<Publication> sequenced) {
    AppendOperation op = new AppendOperation(clock.getAsLong(), Streams.newEpoch(), StreamLimits.of(options), pub,
        idempotencyKey, Streams.newCallId());
    return submit(channel, op).map(reply -> {
      if (!reply.duplicate) {
        sequenced.accept(new Publication(channel, reply.offset, reply.epoch, pub));
      }
      return new Appended(reply.offset, reply.epoch, reply.duplicate);
    });
  }

  @Override
  public Future<StreamSlice> read(String channel, HistoryOptions options, StreamQuery query) {
    ReadOperation op = new ReadOperation(clock.getAsLong(), Streams.newEpoch(), StreamLimits.of(options), query);
    return submit(channel, op).map(reply -> StreamSlice.of(channel, reply.epoch, reply.offset, reply.entries));
  }

  @Override
  public Future<Void> remove(String channel, HistoryOptions options) {
    return submit(channel, new ClearOperation(clock.getAsLong())).mapEmpty();
  }

  /** Hazelcast throws at once when the member is shutting down: that must be a failed future, never a throw. */
  private <R> Future<R> submit(String channel, StreamOperation<R> op) {
    try {
      return Future.fromCompletionStage(map.submitToKey(channel, op));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Sweeps the entries this member owns once per interval, on a worker thread (listing the local keys and running
   * the sweep over them wait on partition threads): expired streams go, and when this member holds more than
   * {@code history.maxBytes} the streams published to longest ago lose their publications.
   */
  @Override
  public void sweep(long now) {
    long due = nextSweep.get();
    if (now < due || !nextSweep.compareAndSet(due, now + sweepIntervalMs) || !sweeping.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> {
      sweepOwned(now);
      return null;
    }, false).onComplete(ar -> {
      sweeping.set(false);
      if (ar.failed()) {
        // Refused below the quorum at every sweep of a split: DEBUG, the quorum's WARN line said it once.
        LOG.log(hub.cluster.Quorum.refused(ar.cause()) ? DEBUG : WARNING, "history store sweep failed: " + ar.cause());
      }
    });
  }

  private void sweepOwned(long now) {
    List<String> keys = new ArrayList<>(map.localKeySet());
    Map<String, long[]> held = new java.util.HashMap<>();
    for (int from = 0; from < keys.size(); from += SWEEP_BATCH) {
      Set<String> batch = new HashSet<>(keys.subList(from, Math.min(keys.size(), from + SWEEP_BATCH)));
      map.executeOnKeys(batch, new SweepOperation(now)).forEach((k, v) -> {
        if (v != null) {
          held.put(k, v);
        }
      });
    }
    long total = held.values().stream().mapToLong(v -> v[0]).sum();
    if (total > maxBytes) {
      total -= shed(held, total, now);
    }
    bytes.set(total);
    channels.set(held.size());
  }

  /** @return the bytes released */
  private long shed(Map<String, long[]> held, long total, long now) {
    List<Map.Entry<String, long[]>> oldestFirst = new ArrayList<>(held.entrySet());
    oldestFirst.sort(Comparator.comparingLong(e -> e.getValue()[1]));
    long target = (long) (maxBytes * SHED_TO);
    long released = 0;
    long pubs = 0;
    int streams = 0;
    for (Map.Entry<String, long[]> e : oldestFirst) {
      if (total - released <= target) {
        break;
      }
      if (e.getValue()[0] == 0) {
        continue;
      }
      long[] dropped = map.executeOnKey(e.getKey(), new ClearOperation(now));
      pubs += dropped[0];
      released += dropped[1];
      streams++;
    }
    if (pubs > 0) {
      listener.shed(pubs);
      LOG.log(WARNING, "history store over history.maxBytes ({0} bytes) on this member: dropped {1} publications "
          + "of the {2} channels published to longest ago (their epochs and offsets are kept)", maxBytes, pubs,
          streams);
    }
    return released;
  }

  @Override
  public long bytes() {
    return bytes.get();
  }

  @Override
  public long channels() {
    return channels.get();
  }
}
