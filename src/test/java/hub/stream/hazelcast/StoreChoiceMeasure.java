package hub.stream.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.Ringbuffer;
import hub.stream.StreamLimits;
import hub.stream.StreamLog;
import hub.stream.StreamQuery;
import hub.stream.Streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Not a test: the measurement behind the choice of the clustered stream store (package documentation of
 * {@code hub.stream}). Three Hazelcast members in this JVM on loopback, the hub's cluster.xml under a random cluster
 * name; a publisher on one member appends to streams of 100 publications either as the hub does (one map entry per
 * channel changed by {@link AppendOperation} on its owner) or with one Ringbuffer per channel plus an epoch entry.
 * Reports appends per second and latency with 64 in flight, one channel and 1,000 channels, the time of a
 * 100-publication read, and the heap the three members hold for 10,000 streams of 10 publications.
 *
 * <p>Run: {@code mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt} then
 * {@code java $HAZELCAST_JVM_ARGS -cp target/classes:target/test-classes:$(cat cp.txt)
 * hub.stream.hazelcast.StoreChoiceMeasure}.
 */
public final class StoreChoiceMeasure {

  private static final int IN_FLIGHT = 64;
  private static final int APPENDS = 30_000;
  private static final byte[] PUB = ("{\"data\":{\"text\":\"" + "x".repeat(80) + "\"},\"info\":{\"user\":\"u1\","
      + "\"client\":\"c\"}}").getBytes(StandardCharsets.UTF_8);
  private static final StreamLimits LIMITS = new StreamLimits(100, 300_000, 86_400_000);

  private interface Store {
    CompletionStage<?> append(String channel);

    CompletionStage<?> read100(String channel);
  }

  public static void main(String[] args) throws Exception {
    System.out.printf("%-10s %-10s %12s %9s %9s %9s%n", "store", "channels", "appends/s", "p50 ms", "p99 ms",
        "read ms");
    for (String kind : List.of("imap", "ringbuffer", "imap", "ringbuffer")) {
      List<HazelcastInstance> members = cluster();
      try {
        Store store = kind.equals("imap") ? imap(members.get(0)) : ringbuffers(members.get(0));
        for (int channels : new int[] {1, 1000}) {
          run(kind, channels, store);
        }
      } finally {
        members.forEach(HazelcastInstance::shutdown);
      }
    }
    for (String kind : List.of("imap", "ringbuffer")) {
      List<HazelcastInstance> members = cluster();
      try {
        Store store = kind.equals("imap") ? imap(members.get(0)) : ringbuffers(members.get(0));
        long before = usedHeap();
        int streams = 10_000;
        pump(store, streams * 10, i -> "mem:" + (i % streams));
        long after = usedHeap();
        System.out.printf("%-10s heap for %d streams x 10 publications (3 members, 1 backup): %.1f MiB, "
            + "%.0f B per stream%n", kind, streams, (after - before) / 1048576.0, (after - before) / (double) streams);
      } finally {
        members.forEach(HazelcastInstance::shutdown);
      }
    }
  }

  private static void run(String kind, int channels, Store store) throws Exception {
    pump(store, 3000, i -> "warm:" + (i % channels)); // warm-up
    long[] latencies = pump(store, APPENDS, i -> "c" + channels + ":" + (i % channels));
    double seconds = latencies[latencies.length - 1] / 1e9;
    long[] sorted = Arrays.copyOf(latencies, latencies.length - 1);
    Arrays.sort(sorted);
    long readStart = System.nanoTime();
    int reads = 200;
    for (int i = 0; i < reads; i++) {
      store.read100("c" + channels + ":" + (i % channels)).toCompletableFuture().get();
    }
    double readMs = (System.nanoTime() - readStart) / 1e6 / reads;
    System.out.printf("%-10s %-10d %12.0f %9.2f %9.2f %9.2f%n", kind, channels, APPENDS / seconds,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, readMs);
  }

  /** Appends {@code n} publications with {@link #IN_FLIGHT} outstanding; latencies in ns, then the total time. */
  private static long[] pump(Store store, int n, IntFunction<String> channel) throws Exception {
    Semaphore window = new Semaphore(IN_FLIGHT);
    long[] out = new long[n + 1];
    CompletableFuture<Void> all = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      window.acquire();
      int at = i;
      long sent = System.nanoTime();
      store.append(channel.apply(i)).whenComplete((r, e) -> {
        out[at] = System.nanoTime() - sent;
        window.release();
        if (e != null) {
          all.completeExceptionally(e);
        } else if (done.incrementAndGet() == n) {
          all.complete(null);
        }
      });
    }
    all.get();
    out[n] = System.nanoTime() - start;
    return out;
  }

  private static Store imap(HazelcastInstance member) {
    IMap<String, StreamLog> map = member.getMap(StreamSerialization.MAP);
    return new Store() {
      @Override
      public CompletionStage<?> append(String channel) {
        return map.submitToKey(channel, new AppendOperation(System.currentTimeMillis(), Streams.newEpoch(), LIMITS,
            PUB, null, Streams.newCallId()));
      }

      @Override
      public CompletionStage<?> read100(String channel) {
        return map.submitToKey(channel, new ReadOperation(System.currentTimeMillis(), Streams.newEpoch(), LIMITS,
            StreamQuery.after(0, 100)));
      }
    };
  }

  /** The Ringbuffer design at its cheapest: an epoch entry per channel (cached), offsets from the ring sequence. */
  private static Store ringbuffers(HazelcastInstance member) {
    IMap<String, String> epochs = member.getMap("measure.epochs");
    ConcurrentHashMap<String, Ringbuffer<byte[]>> rings = new ConcurrentHashMap<>();
    ConcurrentHashMap<String, String> known = new ConcurrentHashMap<>();
    return new Store() {
      @Override
      public CompletionStage<?> append(String channel) {
        known.computeIfAbsent(channel, c -> {
          String fresh = Streams.newEpoch();
          String old = epochs.putIfAbsent(c, fresh);
          return old == null ? fresh : old;
        });
        return rings.computeIfAbsent(channel, c -> member.getRingbuffer("hist." + c))
            .addAsync(PUB, OverflowPolicy.OVERWRITE);
      }

      @Override
      public CompletionStage<?> read100(String channel) {
        Ringbuffer<byte[]> ring = rings.computeIfAbsent(channel, c -> member.getRingbuffer("hist." + c));
        return ring.readManyAsync(ring.headSequence(), 0, 100, null);
      }
    };
  }

  private static List<HazelcastInstance> cluster() throws Exception {
    String name = "measure-" + UUID.randomUUID();
    List<CompletableFuture<HazelcastInstance>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starting.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(config(name))));
    }
    List<HazelcastInstance> members = new ArrayList<>();
    for (CompletableFuture<HazelcastInstance> f : starting) {
      members.add(f.get());
    }
    while (members.get(0).getCluster().getMembers().size() < 3) {
      Thread.sleep(100);
    }
    return members;
  }

  private static Config config(String name) {
    Config config;
    try {
      config = new com.hazelcast.config.XmlConfigBuilder(Path.of("cluster.xml").toString()).build();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    config.setClusterName(name);
    config.setProperty("hazelcast.logging.type", "none");
    StreamSerialization.configure(config);
    config.addRingBufferConfig(new RingbufferConfig("hist.*").setCapacity(100).setBackupCount(1));
    return config;
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
