package hub.stream;

import hub.config.HistoryOptions;
import hub.protocol.Publication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One shard's view of the streams its subscribers follow: per history channel, the offset delivered so far, the
 * publications that arrived ahead of a predecessor, the subscribers that are joining and the live publications they
 * must not miss. It turns what the broker hands over (in any order, twice, or with holes) into every publication
 * exactly once and in offset order for each subscriber:
 * <ul>
 *   <li>a publication ahead of the next expected offset is held, for {@code gapFillDelay}, then the missing ones are
 *   read from the store; what the store cannot give is a lost position (2500) for positioned subscribers;</li>
 *   <li>a joining subscriber's live publications are buffered from before its store read until its subscribe reply
 *   is written, then merged with the read by offset (see {@link #commit});</li>
 *   <li>a positioned channel without publications for {@code channelPositionCheckDelay} is checked against the
 *   store; a store that is ahead or on another epoch is a lost position.</li>
 * </ul>
 * Every store read made here has its own deadline ({@code readTimeoutMs}): a read that does not answer in time counts
 * as failed, so a held gap always ends within {@code gapFillDelay + readTimeout}, filled or lost. (A Hazelcast call
 * made while the member merges after a split can wait for minutes; a gap waiting on it held its publications, and
 * every later one, for as long.) See {@link DeadlineReads}.
 * Channels without history never come here. Confined to the shard's event loop.
 *
 * @param <S> the subscriber type (a session)
 */
public final class ShardStreams<S> {

  /** Publications held ahead of a gap before the store is asked at once. */
  static final int MAX_HELD = 4096;
  /** Live publications buffered for one joining subscriber; past it the join fails with a temporary error. */
  static final int MAX_JOIN_BUFFER = 10_000;
  /** Earlier epochs of a channel remembered so that their late stragglers are dropped, not taken for a new epoch. */
  private static final int RETIRED_EPOCHS = 4;

  /** A subscriber between the start of its store read and its subscribe reply. */
  public static final class Joiner<S> {
    final S subscriber;
    final Stream<S> stream;
    final boolean positioned;
    final List<Publication> buffered = new ArrayList<>(2);
    boolean overflowed;

    Joiner(S subscriber, Stream<S> stream, boolean positioned) {
      this.subscriber = subscriber;
      this.stream = stream;
      this.positioned = positioned;
    }

    /** Whether more live publications arrived during the read than a join may buffer. */
    public boolean overflowed() {
      return overflowed;
    }
  }

  /** The state of one channel on this shard. */
  static final class Stream<S> {
    final String channel;
    final HistoryOptions options;
    String epoch;
    /** The last offset delivered to the ready subscribers; -1 while there are none. */
    long position = -1;
    int ready;
    final List<S> positioned = new ArrayList<>(2);
    /** Subscribers that were given publications up to this offset with their reply, ahead of {@link #position}. */
    final Map<S, Long> skip = new HashMap<>(2);
    final java.util.TreeMap<Long, Publication> held = new java.util.TreeMap<>();
    final List<Joiner<S>> joiners = new ArrayList<>(1);
    final List<String> retired = new ArrayList<>(1);
    long lastAdvance;
    long gapTimer = -1;
    boolean filling;
    boolean checking;

    Stream(String channel, HistoryOptions options) {
      this.channel = channel;
      this.options = options;
    }
  }

  /** The position a subscriber joins at: the stream's epoch and the last offset it will not be sent. */
  public record Position(String epoch, long offset) {
  }

  private final Map<String, Stream<S>> streams = new HashMap<>();
  private final DeadlineReads reads;
  private final StreamAudience<S> audience;
  private final StreamTimers timers;
  private final LongSupplier clock;
  private final long gapFillDelayMs;
  private final long checkDelayMs;

  /** @param readTimeoutMs how long a gap fill or position check waits for the store before it counts as failed */
  public ShardStreams(DeadlineReads.Reader store, StreamAudience<S> audience, StreamTimers timers,
                      LongSupplier clock, long gapFillDelayMs, long checkDelayMs, long readTimeoutMs) {
    this.reads = new DeadlineReads(store, timers, readTimeoutMs);
    this.audience = audience;
    this.timers = timers;
    this.clock = clock;
    this.gapFillDelayMs = gapFillDelayMs;
    this.checkDelayMs = checkDelayMs;
  }

  // ---- joining and leaving -------------------------------------------------------------------------------------

  /**
   * Joins a subscriber at the shard's current position, without asking the store, when the shard already follows
   * the channel. Null when it does not: then the subscriber must {@link #join} and read the store.
   */
  public Position joinNow(String channel, S subscriber, boolean positioned) {
    Stream<S> s = streams.get(channel);
    if (s == null || s.position < 0) {
      return null;
    }
    if (s.held.size() > 0 || s.filling) {
      // While a gap is pending the shard's position lags the stream: let the subscriber read the store instead.
      return null;
    }
    s.ready++;
    if (positioned) {
      s.positioned.add(subscriber);
    }
    return new Position(s.epoch, s.position);
  }

  /** The shard's position on a channel it follows with no gap pending, or null. */
  public Position peek(String channel) {
    Stream<S> s = streams.get(channel);
    return s == null || s.position < 0 || !s.held.isEmpty() || s.filling ? null : new Position(s.epoch, s.position);
  }

  /** Starts buffering the channel's live publications for a subscriber that is about to read the store. */
  public Joiner<S> join(String channel, HistoryOptions options, S subscriber, boolean positioned) {
    Stream<S> s = streams.computeIfAbsent(channel, c -> new Stream<>(c, options));
    Joiner<S> j = new Joiner<>(subscriber, s, positioned);
    s.joiners.add(j);
    return j;
  }

  /** The joiner will not commit (its session closed, its read failed, its subscribe was refused). */
  public void abandon(Joiner<S> joiner) {
    Stream<S> s = joiner.stream;
    s.joiners.remove(joiner);
    dropIfUnused(s);
  }

  /**
   * Makes a joiner a ready subscriber, after its subscribe reply (built from {@code slice}) was written and after the
   * shard added it to the channel's subscribers. From here it receives every publication after {@code slice.top()}
   * exactly once, in order:
   * <ul>
   *   <li>the shard followed nobody on this channel: the shard's position becomes the slice's top and the buffered
   *   publications are replayed through the ordering;</li>
   *   <li>the shard is behind the slice (publications in flight): the subscriber skips up to the slice's top;</li>
   *   <li>the shard is ahead of the slice (it delivered while the read ran): the subscriber is sent those from its
   *   buffer, which holds every one of them because buffering started before the read.</li>
   * </ul>
   *
   * @return false when the join cannot be completed (its buffer overflowed): the caller answers a temporary error
   *     and unsubscribes it
   */
  public boolean commit(Joiner<S> joiner, StreamSlice slice) {
    Stream<S> s = joiner.stream;
    s.joiners.remove(joiner);
    if (joiner.overflowed || streams.get(s.channel) != s) {
      dropIfUnused(s);
      return false;
    }
    if (s.position >= 0 && !slice.epoch().equals(s.epoch)) {
      // The store has started a new epoch that the live publications have not shown yet; the store is right.
      restart(s, slice.epoch(), slice.top());
      if (streams.get(s.channel) != s) {
        streams.put(s.channel, s); // everyone else was unsubscribed; the joiner still follows the stream
      }
    }
    s.ready++;
    if (joiner.positioned) {
      s.positioned.add(joiner.subscriber);
    }
    if (s.position < 0) {
      s.epoch = slice.epoch();
      s.position = slice.top();
      s.lastAdvance = clock.getAsLong();
      for (Publication p : joiner.buffered) {
        order(s, p);
      }
      return true;
    }
    if (slice.top() > s.position) {
      s.skip.put(joiner.subscriber, slice.top());
    } else if (slice.top() < s.position) {
      List<Publication> catchUp = new ArrayList<>();
      for (Publication p : joiner.buffered) {
        if (p.offset() > slice.top() && p.offset() <= s.position && p.epoch().equals(s.epoch)) {
          catchUp.add(p);
        }
      }
      catchUp.sort((a, b) -> Long.compare(a.offset(), b.offset()));
      long last = slice.top();
      for (Publication p : catchUp) {
        if (p.offset() == last + 1) {
          audience.deliverTo(joiner.subscriber, p);
          last = p.offset();
        }
      }
      if (last < s.position) {
        // One of them reached the shard from the store (a gap fill), not live, so the buffer lacks it.
        if (joiner.positioned) {
          audience.lost(s.channel, List.of(joiner.subscriber));
        } else {
          for (Publication p : catchUp) {
            if (p.offset() > last) {
              audience.deliverTo(joiner.subscriber, p);
              last = p.offset();
            }
          }
        }
      }
    }
    return true;
  }

  /** A ready subscriber unsubscribed or closed. */
  public void left(String channel, S subscriber) {
    Stream<S> s = streams.get(channel);
    if (s == null) {
      return;
    }
    s.positioned.remove(subscriber);
    s.skip.remove(subscriber);
    if (s.ready > 0 && --s.ready == 0) {
      // Nobody here follows the channel any more: forget the position, a later subscriber reads the store again.
      s.position = -1;
      s.held.clear();
      s.skip.clear();
      cancelGapTimer(s);
    }
    dropIfUnused(s);
  }

  private void dropIfUnused(Stream<S> s) {
    if (s.ready == 0 && s.joiners.isEmpty() && streams.get(s.channel) == s) {
      streams.remove(s.channel);
      cancelGapTimer(s);
    }
  }

  // ---- live publications -------------------------------------------------------------------------------------

  /** A sequenced publication from the broker. */
  public void accept(Publication pub) {
    Stream<S> s = streams.get(pub.channel());
    if (s == null) {
      return;
    }
    for (Joiner<S> j : s.joiners) {
      if (j.buffered.size() >= MAX_JOIN_BUFFER) {
        j.overflowed = true;
      } else {
        j.buffered.add(pub);
      }
    }
    if (s.ready > 0) {
      order(s, pub);
    }
  }

  /** Delivers {@code pub} now if it is the next offset, holds it if it is ahead, drops it if it was delivered. */
  private void order(Stream<S> s, Publication pub) {
    if (!pub.epoch().equals(s.epoch)) {
      if (s.retired.contains(pub.epoch())) {
        return; // a straggler from before the stream restarted
      }
      restart(s, pub.epoch(), pub.offset() - 1);
      if (streams.get(s.channel) != s || s.ready == 0) {
        return;
      }
    }
    long offset = pub.offset();
    if (offset <= s.position) {
      return;
    }
    if (offset == s.position + 1) {
      emit(s, pub);
      drainHeld(s);
      return;
    }
    s.held.put(offset, pub);
    if (s.held.size() > MAX_HELD) {
      fill(s);
    } else if (s.gapTimer < 0 && !s.filling) {
      s.gapTimer = timers.schedule(gapFillDelayMs, () -> {
        s.gapTimer = -1;
        fill(s);
      });
    }
  }

  private void emit(Stream<S> s, Publication pub) {
    audience.deliver(pub, s.skip);
    s.position = pub.offset();
    s.lastAdvance = clock.getAsLong();
    if (!s.skip.isEmpty()) {
      s.skip.values().removeIf(upTo -> upTo <= s.position);
    }
  }

  private void drainHeld(Stream<S> s) {
    while (!s.held.isEmpty() && s.held.firstKey() <= s.position + 1) {
      Publication next = s.held.pollFirstEntry().getValue();
      if (next.offset() == s.position + 1) {
        emit(s, next);
      }
    }
    if (s.held.isEmpty()) {
      cancelGapTimer(s);
    }
  }

  /** Reads the publications missing before the held ones from the store; what it cannot give is a lost position. */
  private void fill(Stream<S> s) {
    cancelGapTimer(s);
    if (s.held.isEmpty() || s.filling) {
      return;
    }
    s.filling = true;
    long from = s.position;
    int missing = (int) Math.min(Integer.MAX_VALUE, s.held.firstKey() - from - 1);
    reads.read(s.channel, s.options, StreamQuery.after(from, missing)).onComplete(ar -> {
      s.filling = false;
      if (streams.get(s.channel) != s || s.ready == 0) {
        return;
      }
      if (ar.succeeded() && ar.result().epoch().equals(s.epoch)) {
        for (Publication p : ar.result().publications()) {
          if (p.offset() == s.position + 1) {
            emit(s, p);
          }
        }
      }
      drainHeld(s);
      if (!s.held.isEmpty() && s.held.firstKey() > s.position + 1) {
        // The store no longer has them (trimmed, failed or restarted): positioned subscribers lost their place; the
        // others simply go on from the held publications.
        lose(s);
        if (streams.get(s.channel) == s && s.ready > 0) {
          s.position = s.held.firstKey() - 1;
          drainHeld(s);
        }
      }
    });
  }

  /** The stream restarted under another epoch: positioned subscribers lost their place; go on from {@code position}. */
  private void restart(Stream<S> s, String epoch, long position) {
    lose(s);
    if (s.epoch != null) {
      s.retired.add(s.epoch);
      if (s.retired.size() > RETIRED_EPOCHS) {
        s.retired.remove(0);
      }
    }
    s.epoch = epoch;
    s.held.clear();
    s.skip.clear();
    cancelGapTimer(s);
    if (s.ready > 0 || s.position >= 0) {
      s.position = position;
    }
  }

  private void lose(Stream<S> s) {
    if (!s.positioned.isEmpty()) {
      List<S> lost = new ArrayList<>(s.positioned);
      audience.lost(s.channel, lost);
    }
  }

  private void cancelGapTimer(Stream<S> s) {
    if (s.gapTimer >= 0) {
      timers.cancel(s.gapTimer);
      s.gapTimer = -1;
    }
  }

  // ---- periodic position check ---------------------------------------------------------------------------------

  /**
   * Called on every sweep of the shard: a positioned channel that saw no publication for the check delay is compared
   * with the store; another epoch there, or a top that is still ahead after the gap-fill delay, is a lost position.
   */
  public void sweep(long now) {
    for (Stream<S> s : new ArrayList<>(streams.values())) {
      if (s.positioned.isEmpty() || s.position < 0 || s.checking || s.filling || !s.held.isEmpty()
          || now - s.lastAdvance < checkDelayMs) {
        continue;
      }
      s.checking = true;
      s.lastAdvance = now;
      check(s, false);
    }
  }

  private void check(Stream<S> s, boolean secondLook) {
    long positionAtCheck = s.position;
    reads.read(s.channel, s.options, StreamQuery.POSITION).onComplete(ar -> {
      if (streams.get(s.channel) != s || s.ready == 0) {
        s.checking = false;
        return;
      }
      if (ar.failed()) {
        s.checking = false; // the store is unwell, not the stream: look again next time
        return;
      }
      StreamSlice top = ar.result();
      if (!top.epoch().equals(s.epoch)) {
        s.checking = false;
        restart(s, top.epoch(), top.top());
      } else if (top.top() > s.position && s.position == positionAtCheck) {
        if (!secondLook) {
          // Publications may be in flight: look again after the gap-fill delay before calling the position lost.
          timers.schedule(gapFillDelayMs, () -> check(s, true));
          return;
        }
        s.checking = false;
        lose(s);
        if (streams.get(s.channel) == s && s.ready > 0 && s.held.isEmpty()) {
          s.position = Math.max(s.position, top.top());
        }
      } else {
        s.checking = false;
      }
    });
  }

  // ---- for tests and gauges --------------------------------------------------------------------------------------

  /** Channels this shard follows (ready or joining subscribers). */
  public int size() {
    return streams.size();
  }

  /** Publications held ahead of a gap, over every channel. */
  public int held() {
    int n = 0;
    for (Stream<S> s : streams.values()) {
      n += s.held.size();
    }
    return n;
  }
}
