package hub.stream;

import hub.config.HistoryOptions;
import hub.protocol.Publication;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The single-node stream store: one {@link StreamLog} per channel in this process, nothing else to run. Each
 * operation on a channel runs inside that channel's map entry, so a channel has one sequencer and the
 * {@code sequenced} callback of {@link #append} (the hand-over to the broker) happens in offset order. Epochs are new
 * on every start: a restarted node can never answer a position from before it. Thread-safe.
 */
public final class MemoryStreamStore implements StreamStore {

  private static final System.Logger LOG = System.getLogger(MemoryStreamStore.class.getName());
  /** After shedding, the store is left this far under its cap, so it does not shed on every publication. */
  private static final double SHED_TO = 0.9;

  private final ConcurrentHashMap<String, StreamLog> streams = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong nextSweep = new AtomicLong();
  private final long maxBytes;
  private final long sweepIntervalMs;
  private final LongSupplier clock;
  private final StoreListener listener;

  /**
   * @param clock    epoch milliseconds
   * @param listener told what the store sheds
   */
  public MemoryStreamStore(long maxBytes, long sweepIntervalMs, LongSupplier clock, StoreListener listener) {
    this.maxBytes = maxBytes;
    this.sweepIntervalMs = sweepIntervalMs;
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public Future<Appended> append(String channel, HistoryOptions options, byte[] pub, String idempotencyKey,
                                 Consumer<Publication> sequenced) {
    long now = clock.getAsLong();
    StreamLimits limits = StreamLimits.of(options);
    Appended[] result = new Appended[1];
    streams.compute(channel, (c, held) -> {
      StreamLog log = live(held, limits, now);
      long before = log.bytes();
      Appended a = log.append(pub, idempotencyKey, now, limits);
      bytes.addAndGet(log.bytes() - before);
      if (!a.duplicate()) {
        sequenced.accept(new Publication(channel, a.offset(), a.epoch(), pub));
      }
      result[0] = a;
      return log;
    });
    if (bytes.get() > maxBytes) {
      shed();
    }
    return Future.succeededFuture(result[0]);
  }

  @Override
  public Future<StreamSlice> read(String channel, HistoryOptions options, StreamQuery query) {
    long now = clock.getAsLong();
    StreamLimits limits = StreamLimits.of(options);
    StreamSlice[] result = new StreamSlice[1];
    streams.compute(channel, (c, held) -> {
      StreamLog log = live(held, limits, now);
      long before = log.bytes();
      List<StreamLog.Entry> entries = log.read(query, now, limits);
      bytes.addAndGet(log.bytes() - before);
      result[0] = StreamSlice.of(channel, log.epoch(), log.top(), entries);
      return log;
    });
    return Future.succeededFuture(result[0]);
  }

  @Override
  public Future<Void> remove(String channel, HistoryOptions options) {
    streams.computeIfPresent(channel, (c, log) -> {
      bytes.addAndGet(-log.clear());
      return log;
    });
    return Future.succeededFuture();
  }

  /**
   * The stream to use: the held one, or a new epoch when there is none or its meta TTL ran out (a replaced stream's
   * bytes are given back here).
   */
  private StreamLog live(StreamLog held, StreamLimits limits, long now) {
    if (held != null && !held.metaExpired(now)) {
      return held;
    }
    if (held != null) {
      bytes.addAndGet(-held.bytes());
    }
    return new StreamLog(Streams.newEpoch(), now, limits);
  }

  @Override
  public void sweep(long now) {
    long due = nextSweep.get();
    if (now < due || !nextSweep.compareAndSet(due, now + sweepIntervalMs)) {
      return;
    }
    for (String channel : streams.keySet()) {
      streams.computeIfPresent(channel, (c, log) -> {
        if (log.metaExpired(now)) {
          bytes.addAndGet(-log.bytes());
          return null;
        }
        bytes.addAndGet(-log.expire(now));
        return log;
      });
    }
    if (bytes.get() > maxBytes) {
      shed();
    }
  }

  /** Drops the publications of the streams published to longest ago until the store is well under its cap. */
  private void shed() {
    List<Map.Entry<String, StreamLog>> oldestFirst = new ArrayList<>(streams.entrySet());
    oldestFirst.sort(Comparator.comparingLong(e -> e.getValue().publishedAt()));
    long target = (long) (maxBytes * SHED_TO);
    long shedPubs = 0;
    int shedStreams = 0;
    for (Map.Entry<String, StreamLog> e : oldestFirst) {
      if (bytes.get() <= target) {
        break;
      }
      long[] dropped = new long[2];
      streams.computeIfPresent(e.getKey(), (c, log) -> {
        dropped[0] = log.size();
        dropped[1] = log.clear();
        return log;
      });
      if (dropped[0] > 0) {
        bytes.addAndGet(-dropped[1]);
        shedPubs += dropped[0];
        shedStreams++;
      }
    }
    if (shedPubs > 0) {
      listener.shed(shedPubs);
      LOG.log(WARNING, "history store over history.maxBytes ({0} bytes): dropped {1} publications of the {2} "
          + "channels published to longest ago (their epochs and offsets are kept)", maxBytes, shedPubs, shedStreams);
    }
  }

  @Override
  public long bytes() {
    return bytes.get();
  }

  @Override
  public long channels() {
    return streams.size();
  }
}
