package hub.stream;

import hub.config.HistoryOptions;
import hub.config.HistoryOptions.RecoveryMode;
import hub.protocol.Publication;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static hub.stream.StreamLogTest.pub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryStreamStoreTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<Long> shed = new ArrayList<>();
  private static final HistoryOptions OPTIONS = new HistoryOptions(100, Duration.ofSeconds(10),
      Duration.ofSeconds(60), false, false, true, false, RecoveryMode.STREAM, true);

  private MemoryStreamStore store(long maxBytes) {
    return new MemoryStreamStore(maxBytes, 1000, now::get, shed::add);
  }

  @Test
  void sequencedPublicationsAreHandedOverInOffsetOrderEvenFromManyThreads() throws Exception {
    MemoryStreamStore store = store(1 << 30);
    List<Long> handedOver = java.util.Collections.synchronizedList(new ArrayList<>());
    HistoryOptions big = new HistoryOptions(100_000, Duration.ofMinutes(1), Duration.ofMinutes(2), false, false,
        false, false, RecoveryMode.STREAM, false);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 2000; i++) {
          store.append("c", big, pub("x"), null, p -> handedOver.add(p.offset()));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(8000, handedOver.size());
    for (int i = 0; i < handedOver.size(); i++) {
      assertEquals(i + 1, handedOver.get(i), "hand-over order is offset order");
    }
  }

  @Test
  void aReadOfAnUnknownChannelCreatesAnEmptyStreamWithAnEpoch() {
    MemoryStreamStore store = store(1 << 20);
    StreamSlice slice = store.read("c", OPTIONS, StreamQuery.POSITION).result();
    assertEquals(0, slice.top());
    assertEquals(8, slice.epoch().length());
    Appended a = store.append("c", OPTIONS, pub("a"), null, p -> { }).result();
    assertEquals(slice.epoch(), a.epoch());
    assertEquals(1, a.offset());
  }

  @Test
  void aDuplicateIsNotHandedOver() {
    MemoryStreamStore store = store(1 << 20);
    List<Publication> out = new ArrayList<>();
    store.append("c", OPTIONS, pub("a"), "key", out::add);
    Appended again = store.append("c", OPTIONS, pub("a"), "key", out::add).result();
    assertTrue(again.duplicate());
    assertEquals(1, out.size());
  }

  @Test
  void removeKeepsEpochAndTop() {
    MemoryStreamStore store = store(1 << 20);
    Appended a = store.append("c", OPTIONS, pub("a"), null, p -> { }).result();
    store.remove("c", OPTIONS);
    StreamSlice slice = store.read("c", OPTIONS, new StreamQuery(null, -1, false)).result();
    assertEquals(a.epoch(), slice.epoch());
    assertEquals(1, slice.top());
    assertTrue(slice.publications().isEmpty());
    assertEquals(0, store.bytes());
  }

  @Test
  void theSweepDropsStreamsPastTheirMetaTtlAndEmptiesThosePastTheirTtl() {
    MemoryStreamStore store = store(1 << 20);
    store.append("old", OPTIONS, pub("a"), null, p -> { });
    now.addAndGet(30_000);
    String epoch = store.append("recent", OPTIONS, pub("b"), null, p -> { }).result().epoch();
    store.sweep(now.get());
    assertEquals(2, store.channels());
    assertEquals(pub("b").length, store.bytes(), "old's publications are past the 10 s TTL");
    now.addAndGet(31_000);
    store.sweep(now.get());
    assertEquals(1, store.channels(), "old is past its 60 s meta TTL");
    StreamSlice recent = store.read("recent", OPTIONS, StreamQuery.POSITION).result();
    assertEquals(epoch, recent.epoch());
    now.addAndGet(61_000);
    store.sweep(now.get());
    assertEquals(0, store.channels());
    assertNotEquals(epoch, store.read("recent", OPTIONS, StreamQuery.POSITION).result().epoch(),
        "a stream whose meta expired starts a new epoch");
  }

  @Test
  void overTheByteCapTheStreamsPublishedToLongestAgoAreShedFirst() {
    long one = pub("x").length;
    MemoryStreamStore store = store(one * 10);
    for (int i = 0; i < 5; i++) {
      store.append("first", OPTIONS, pub("x"), null, p -> { });
      now.incrementAndGet();
    }
    for (int i = 0; i < 5; i++) {
      store.append("second", OPTIONS, pub("x"), null, p -> { });
      now.incrementAndGet();
    }
    assertTrue(shed.isEmpty());
    store.append("third", OPTIONS, pub("x"), null, p -> { });
    assertEquals(List.of(5L), shed);
    assertEquals(one * 6, store.bytes());
    assertTrue(store.read("first", OPTIONS, new StreamQuery(null, -1, false)).result().publications().isEmpty());
    assertEquals(5, store.read("first", OPTIONS, StreamQuery.POSITION).result().top(), "the position survives");
    assertEquals(5, store.read("second", OPTIONS, new StreamQuery(null, -1, false)).result().publications().size());
  }
}
