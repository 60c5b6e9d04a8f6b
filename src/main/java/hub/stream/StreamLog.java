package hub.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel's stream as a value: epoch, top offset, the latest publications and the idempotency keys seen. Both
 * stores keep one per channel and apply every operation to it in one serialized step (the in-memory store under the
 * stream's lock, the Hazelcast store on the partition that owns the channel), so offsets are contiguous per epoch.
 * Time comes in as an argument, never from a clock, so that a replica applying the same step gets the same result.
 * Not thread-safe: its store serializes access.
 */
public final class StreamLog {

  /** One kept publication: its offset and its encoded pub object without offset. */
  public record Entry(long offset, byte[] pub) {
  }

  /**
   * A read renews the meta TTL only once this fraction of it has passed since the last use: the TTL is days long,
   * and a read that changes nothing is one a clustered store need not copy to its backups.
   */
  static final long META_RENEW_FRACTION = 16;

  private String epoch;
  private long top;
  private final ArrayDeque<Entry> entries;
  private long bytes;
  /** When the last publication was appended (the stream TTL runs from here). */
  private long publishedAt;
  /** When the stream was last written or read (the meta TTL runs from here). */
  private long usedAt;
  /** Idempotency key → {offset, expires at}, oldest first. */
  private final LinkedHashMap<String, long[]> keys;
  /**
   * Store call id → {offset, expires at}, oldest first: a clustered store may run one append twice (its owner died
   * before answering, and the invocation was retried on the new owner), and the id, unique per call, tells the
   * repeat from a new publication, with or without an idempotency key.
   */
  private final LinkedHashMap<Long, long[]> calls;
  /** The TTLs the stream was last used with, so that a sweep can apply them without the configuration. */
  private long ttlMs;
  private long metaTtlMs;

  public StreamLog(String epoch, long now, StreamLimits limits) {
    this(epoch, 0, new ArrayDeque<>(), now, now, new LinkedHashMap<>(), new LinkedHashMap<>(), limits.ttlMs(),
        limits.metaTtlMs());
  }

  /** Rebuilds a stream from its parts (for stores that serialize it). */
  public StreamLog(String epoch, long top, ArrayDeque<Entry> entries, long publishedAt, long usedAt,
                   LinkedHashMap<String, long[]> keys, LinkedHashMap<Long, long[]> calls, long ttlMs,
                   long metaTtlMs) {
    this.epoch = epoch;
    this.top = top;
    this.entries = entries;
    this.publishedAt = publishedAt;
    this.usedAt = usedAt;
    this.keys = keys;
    this.calls = calls;
    this.ttlMs = ttlMs;
    this.metaTtlMs = metaTtlMs;
    for (Entry e : entries) {
      bytes += e.pub.length;
    }
  }

  public String epoch() {
    return epoch;
  }

  public long top() {
    return top;
  }

  public long bytes() {
    return bytes;
  }

  public int size() {
    return entries.size();
  }

  public long publishedAt() {
    return publishedAt;
  }

  public long usedAt() {
    return usedAt;
  }

  public long ttlMs() {
    return ttlMs;
  }

  public long metaTtlMs() {
    return metaTtlMs;
  }

  /** The kept publications, oldest first; read-only. */
  public Iterable<Entry> entries() {
    return Collections.unmodifiableCollection(entries);
  }

  /** The remembered idempotency keys with {offset, expires at}, oldest first; read-only. */
  public Map<String, long[]> idempotencyKeys() {
    return Collections.unmodifiableMap(keys);
  }

  /** The remembered store call ids with {offset, expires at}, oldest first; read-only. */
  public Map<Long, long[]> calls() {
    return Collections.unmodifiableMap(calls);
  }

  /** Whether the whole stream (epoch and top included) has outlived its meta TTL. */
  public boolean metaExpired(long now) {
    return now - usedAt >= metaTtlMs;
  }

  /** Whether the publications are due to go: nothing was published for the stream TTL. */
  public boolean stale(long now) {
    return !entries.isEmpty() && now - publishedAt >= ttlMs;
  }

  /**
   * Drops the publications when nothing was published for the stream TTL; the epoch and top stay.
   *
   * @return the bytes released
   */
  public long expire(long now) {
    return stale(now) ? clear() : 0;
  }

  /** Drops every publication, keeping epoch and top; returns the bytes released. */
  public long clear() {
    long released = bytes;
    entries.clear();
    bytes = 0;
    return released;
  }

  /** Drops the oldest publications until at most {@code keep} remain; returns the bytes released. */
  public long trimTo(int keep) {
    long released = 0;
    while (entries.size() > keep) {
      released += entries.removeFirst().pub.length;
    }
    bytes -= released;
    return released;
  }

  /**
   * Appends a publication as the next offset, unless its idempotency key is known.
   *
   * @return where it landed; {@code duplicate} when the key was used within the window
   */
  public Appended append(byte[] pub, String idempotencyKey, long now, StreamLimits limits) {
    return append(pub, idempotencyKey, 0, now, limits);
  }

  /**
   * Appends a publication as the next offset, unless this very call was applied already or its idempotency key is
   * known.
   *
   * @param callId unique per store call (0: none); a call applied already answers its first offset as new, so that
   *               the store still hands the publication over (the first run's answer never reached the caller)
   * @return where it landed; {@code duplicate} when the key was used by another call within the window
   */
  public Appended append(byte[] pub, String idempotencyKey, long callId, long now, StreamLimits limits) {
    use(limits);
    expire(now);
    forgetKeys(now);
    if (callId != 0) {
      long[] applied = calls.get(callId);
      if (applied != null) {
        return new Appended(applied[0], epoch, false);
      }
    }
    if (idempotencyKey != null) {
      long[] seen = keys.get(idempotencyKey);
      if (seen != null) {
        usedAt = now;
        return new Appended(seen[0], epoch, true);
      }
    }
    top++;
    entries.addLast(new Entry(top, pub));
    bytes += pub.length;
    trimTo(limits.size());
    publishedAt = now;
    usedAt = now;
    if (idempotencyKey != null) {
      keys.put(idempotencyKey, new long[] {top, now + Streams.IDEMPOTENCY_WINDOW.toMillis()});
      if (keys.size() > Streams.MAX_IDEMPOTENCY_KEYS) {
        Iterator<String> oldest = keys.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    }
    if (callId != 0) {
      calls.put(callId, new long[] {top, now + Streams.CALL_WINDOW.toMillis()});
      if (calls.size() > Streams.MAX_CALLS) {
        Iterator<Long> oldest = calls.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    }
    return new Appended(top, epoch, false);
  }

  /** The publications a query asks for, in its order; renews the meta TTL. */
  public List<Entry> read(StreamQuery query, long now, StreamLimits limits) {
    use(limits);
    expire(now);
    usedAt = now;
    return peek(query);
  }

  /**
   * The publications a query asks for, changing nothing: for a read that need not renew anything, which a clustered
   * store then does not have to copy to its backups. Valid only while the stream is not {@link #stale}.
   */
  public List<Entry> peek(StreamQuery query) {
    if (query.limit() == 0 || entries.isEmpty()) {
      return List.of();
    }
    int limit = query.limit() < 0 ? Integer.MAX_VALUE : query.limit();
    List<Entry> out = new ArrayList<>(Math.min(limit, entries.size()));
    Iterator<Entry> it = query.reverse() ? entries.descendingIterator() : entries.iterator();
    while (it.hasNext() && out.size() < limit) {
      Entry e = it.next();
      if (query.since() == null
          || (query.reverse() ? e.offset < query.since() : e.offset > query.since())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Starts the stream anew under another epoch: offsets restart at 1 and nothing from before is kept. */
  public void restart(String newEpoch, long now) {
    epoch = newEpoch;
    top = 0;
    clear();
    keys.clear();
    calls.clear();
    publishedAt = now;
    usedAt = now;
  }

  /** Whether a read now would change the stream (expire it, renew its meta TTL, take new limits). */
  public boolean readWouldChange(long now, StreamLimits limits) {
    return stale(now) || limits.ttlMs() != ttlMs || limits.metaTtlMs() != metaTtlMs
        || now - usedAt > metaTtlMs / META_RENEW_FRACTION;
  }

  private void use(StreamLimits limits) {
    ttlMs = limits.ttlMs();
    metaTtlMs = limits.metaTtlMs();
  }

  private void forgetKeys(long now) {
    Iterator<long[]> it = keys.values().iterator();
    while (it.hasNext() && it.next()[1] <= now) {
      it.remove();
    }
    Iterator<long[]> applied = calls.values().iterator();
    while (applied.hasNext() && applied.next()[1] <= now) {
      applied.remove();
    }
  }
}
