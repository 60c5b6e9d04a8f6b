package hub.stream;

import hub.config.HistoryOptions;
import hub.config.HistoryOptions.RecoveryMode;
import hub.protocol.Publication;
import hub.support.HeldStreamStore;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shard's ordering of streams, without sockets or an event loop: publications arrive in any order, twice or
 * never; joiners read the store while publications keep coming; each subscriber must see every offset once, in
 * order, or be told it lost its place.
 */
class ShardStreamsTest {

  private static final String CH = "chat:1";
  private static final HistoryOptions OPTIONS = new HistoryOptions(100, Duration.ofMinutes(5), Duration.ofHours(1),
      false, false, true, false, RecoveryMode.STREAM, true);
  private static final long GAP_DELAY = 100;
  private static final long CHECK_DELAY = 40_000;
  private static final long READ_TIMEOUT = 2_000;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final HeldStreamStore store = new HeldStreamStore(new MemoryStreamStore(1 << 24, 1000, now::get, StoreListener.NONE));
  private final Audience audience = new Audience();
  private final ManualTimers timers = new ManualTimers();
  private ShardStreams<String> streams;
  private String epoch;

  @BeforeEach
  void setUp() {
    streams = new ShardStreams<>(store::read, audience, timers, now::get, GAP_DELAY, CHECK_DELAY, READ_TIMEOUT);
    epoch = store.read(CH, OPTIONS, StreamQuery.POSITION).result().epoch();
  }

  /** Appends {@code n} publications to the store and returns them, as the broker would carry them. */
  private List<Publication> publish(int n) {
    List<Publication> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      store.append(CH, OPTIONS, StreamLogTest.pub("x"), null, out::add);
    }
    return out;
  }

  /** Subscribes as the shard does: join, read, (reply), add to the ready set, commit. */
  private void subscribe(String who, boolean positioned) {
    ShardStreams.Joiner<String> j = streams.join(CH, OPTIONS, who, positioned);
    StreamSlice slice = store.read(CH, OPTIONS, StreamQuery.POSITION).result();
    audience.ready.add(who);
    streams.commit(j, slice);
  }

  @Test
  void publicationsInOrderAreDeliveredOnceEach() {
    subscribe("a", true);
    List<Publication> p = publish(3);
    p.forEach(streams::accept);
    streams.accept(p.get(1));
    assertEquals(List.of(1L, 2L, 3L), audience.got("a"));
  }

  @Test
  void aPublicationAheadOfItsPredecessorWaitsForIt() {
    subscribe("a", true);
    List<Publication> p = publish(3);
    streams.accept(p.get(2));
    streams.accept(p.get(1));
    assertEquals(List.of(), audience.got("a"));
    assertEquals(1, timers.pending());
    streams.accept(p.get(0));
    assertEquals(List.of(1L, 2L, 3L), audience.got("a"));
    assertEquals(0, timers.pending(), "the gap timer is cancelled once the gap closes");
    assertEquals(0, streams.held());
  }

  @Test
  void aPublicationLostInTransitIsFilledFromTheStore() {
    subscribe("a", true);
    List<Publication> p = publish(4);
    streams.accept(p.get(0));
    streams.accept(p.get(2));
    streams.accept(p.get(3));
    timers.fireAll();
    assertEquals(List.of(1L, 2L, 3L, 4L), audience.got("a"));
    assertTrue(audience.lost.isEmpty());
  }

  @Test
  void aGapTheStoreCannotFillLosesPositionedSubscribersAndOthersGoOn() {
    subscribe("positioned", true);
    subscribe("plain", false);
    List<Publication> p = publish(3);
    store.remove(CH, OPTIONS); // publications 1 and 2 are gone from the store
    streams.accept(p.get(2));
    timers.fireAll();
    assertEquals(List.of("positioned"), audience.lost);
    assertEquals(List.of(3L), audience.got("plain"));
    assertEquals(List.of(), audience.got("positioned"), "nothing after the gap reaches a lost subscriber");
  }

  @Test
  void aGapFillTheStoreNeverAnswersEndsAtTheReadDeadline() {
    // After a split heals, a Hazelcast read can wait minutes: the held publication must not wait with it.
    subscribe("positioned", true);
    subscribe("plain", false);
    List<Publication> p = publish(4);
    streams.accept(p.get(0));
    streams.accept(p.get(2)); // 2 is lost in transit: 3 is held
    store.holdReads = true;
    timers.fireAll(); // the gap timer starts the fill, whose read never answers; then its deadline passes
    assertEquals(0, streams.held(), "the gap ended at the read deadline");
    assertEquals(List.of("positioned"), audience.lost, "the positioned subscriber is told it lost its place");
    assertEquals(List.of(1L, 3L), audience.got("plain"), "the others go on from the held publication");
    store.release(); // the late answer changes nothing
    streams.accept(p.get(3));
    assertEquals(List.of(1L, 3L, 4L), audience.got("plain"));
    assertEquals(0, timers.pending());
  }

  @Test
  void aPositionCheckTheStoreNeverAnswersDoesNotStopLaterChecks() {
    subscribe("a", true);
    publish(1).forEach(streams::accept);
    store.holdReads = true;
    now.addAndGet(CHECK_DELAY);
    streams.sweep(now.get());
    timers.fireAll(); // the check's read never answers; its deadline passes
    store.holdReads = false; // later reads answer; the first one never does
    publish(1); // stored, never delivered: the next check must see it
    now.addAndGet(CHECK_DELAY);
    streams.sweep(now.get());
    timers.fireAll();
    assertEquals(List.of("a"), audience.lost);
  }

  @Test
  void theFirstJoinerGetsWhatArrivedDuringItsReadAfterTheTopItWasGiven() {
    publish(2);
    store.holdReads = true;
    ShardStreams.Joiner<String> j = streams.join(CH, OPTIONS, "a", true);
    Future<StreamSlice> read = store.read(CH, OPTIONS, StreamQuery.POSITION); // sees top 2
    List<Publication> during = publish(2); // 3 and 4, published while the read is in flight
    during.forEach(streams::accept);
    store.release();
    audience.ready.add("a");
    streams.commit(j, read.result());
    assertEquals(2, read.result().top());
    assertEquals(List.of(3L, 4L), audience.got("a"));
    publish(1).forEach(streams::accept);
    assertEquals(List.of(3L, 4L, 5L), audience.got("a"));
  }

  @Test
  void aJoinerAheadOfTheShardSkipsWhatItsReplyCarried() {
    subscribe("a", true);
    List<Publication> p = publish(4);
    streams.accept(p.get(0));
    streams.accept(p.get(1)); // the shard is at 2; 3 and 4 are in flight
    ShardStreams.Joiner<String> j = streams.join(CH, OPTIONS, "b", true);
    StreamSlice slice = store.read(CH, OPTIONS, StreamQuery.after(0, 10)).result(); // b's reply: 1..4, top 4
    audience.ready.add("b");
    streams.commit(j, slice);
    streams.accept(p.get(2));
    streams.accept(p.get(3));
    publish(1).forEach(streams::accept);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), audience.got("a"));
    assertEquals(List.of(5L), audience.got("b"), "3 and 4 came with b's reply");
  }

  @Test
  void aJoinerBehindTheShardIsSentWhatTheShardDeliveredDuringItsRead() {
    subscribe("a", true);
    publish(2).forEach(streams::accept);
    store.holdReads = true;
    ShardStreams.Joiner<String> j = streams.join(CH, OPTIONS, "b", true);
    Future<StreamSlice> read = store.read(CH, OPTIONS, StreamQuery.POSITION); // top 2
    publish(2).forEach(streams::accept); // the shard delivers 3 and 4 to a meanwhile
    store.release();
    audience.ready.add("b");
    streams.commit(j, read.result());
    publish(1).forEach(streams::accept);
    assertEquals(List.of(3L, 4L, 5L), audience.got("b"));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), audience.got("a"));
  }

  @Test
  void aNewEpochLosesPositionedSubscribers() {
    subscribe("positioned", true);
    subscribe("plain", false);
    publish(1).forEach(streams::accept);
    Publication other = new Publication(CH, 1, "NEWEPOCH", StreamLogTest.pub("y"));
    streams.accept(other);
    assertEquals(List.of("positioned"), audience.lost);
    assertEquals(List.of(1L, 1L), audience.got("plain"), "the plain subscriber follows the new epoch");
    streams.accept(new Publication(CH, 2, epoch, StreamLogTest.pub("late")));
    assertEquals(List.of(1L, 1L), audience.got("plain"), "a straggler of the old epoch is dropped");
  }

  @Test
  void aQuietChannelIsCheckedAndAStoreAheadIsALostPosition() {
    subscribe("a", true);
    publish(1).forEach(streams::accept);
    publish(1); // stored, never delivered
    now.addAndGet(CHECK_DELAY);
    streams.sweep(now.get());
    assertTrue(audience.lost.isEmpty(), "it looks twice: the publication may be in flight");
    timers.fireAll();
    assertEquals(List.of("a"), audience.lost);
  }

  @Test
  void aQuietChannelInStepWithTheStoreIsLeftAlone() {
    subscribe("a", true);
    publish(2).forEach(streams::accept);
    now.addAndGet(CHECK_DELAY);
    streams.sweep(now.get());
    timers.fireAll();
    assertTrue(audience.lost.isEmpty());
  }

  @Test
  void leavingForgetsTheChannelAndAbandoningAJoinerToo() {
    subscribe("a", true);
    List<Publication> p = publish(3);
    streams.accept(p.get(2)); // held, gap timer armed
    streams.left(CH, "a");
    audience.ready.remove("a");
    assertEquals(0, streams.size());
    assertEquals(0, timers.pending());
    ShardStreams.Joiner<String> j = streams.join(CH, OPTIONS, "b", true);
    assertEquals(1, streams.size());
    streams.abandon(j);
    assertEquals(0, streams.size());
  }

  @Test
  void aJoinerWhoseBufferOverflowsCannotCommit() {
    ShardStreams.Joiner<String> j = streams.join(CH, OPTIONS, "a", true);
    List<Publication> p = publish(1);
    for (int i = 0; i <= ShardStreams.MAX_JOIN_BUFFER; i++) {
      streams.accept(p.get(0));
    }
    assertTrue(j.overflowed());
    streams.abandon(j);
    assertEquals(0, streams.size());
  }

  // ---- fakes -------------------------------------------------------------------------------------------------

  /** The shard's subscribers: a ready set and what each received. */
  private final class Audience implements StreamAudience<String> {
    final Set<String> ready = new LinkedHashSet<>();
    final Map<String, List<Long>> received = new HashMap<>();
    final List<String> lost = new ArrayList<>();

    List<Long> got(String who) {
      return received.getOrDefault(who, List.of());
    }

    @Override
    public void deliver(Publication publication, Map<String, Long> skip) {
      for (String s : ready) {
        Long upTo = skip.get(s);
        if (upTo == null || upTo < publication.offset()) {
          deliverTo(s, publication);
        }
      }
    }

    @Override
    public void deliverTo(String subscriber, Publication publication) {
      received.computeIfAbsent(subscriber, k -> new ArrayList<>()).add(publication.offset());
    }

    @Override
    public void lost(String channel, List<String> subscribers) {
      for (String s : subscribers) {
        lost.add(s);
        ready.remove(s);
        streams.left(channel, s);
      }
    }
  }

  /** Timers fired by the test. */
  private static final class ManualTimers implements StreamTimers {
    private final TreeMap<Long, Runnable> tasks = new TreeMap<>();
    private long next;

    @Override
    public long schedule(long delayMs, Runnable task) {
      tasks.put(next, task);
      return next++;
    }

    @Override
    public void cancel(long id) {
      tasks.remove(id);
    }

    int pending() {
      return tasks.size();
    }

    void fireAll() {
      while (!tasks.isEmpty()) {
        tasks.pollFirstEntry().getValue().run();
      }
    }
  }
}
