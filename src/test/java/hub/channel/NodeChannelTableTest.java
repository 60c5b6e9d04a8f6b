package hub.channel;

import hub.metrics.LiveResources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node-wide channel table stays exact while every shard reports its edges from its own thread: a channel is
 * counted once however many shards hold it, and uncounted when the last one lets go.
 */
class NodeChannelTableTest {

  private static final int SHARDS = 8;
  private static final int CHANNELS = 16;
  private static final int STEPS = 20_000;

  private final LiveResources live = new LiveResources();
  private final NodeChannelTable table = new NodeChannelTable(live);

  @Test
  void countsAChannelOnceAcrossShards() {
    table.shardJoined("news");
    table.shardJoined("news");
    table.shardJoined("chat");
    assertEquals(2, live.channels());
    table.shardLeft("news");
    assertEquals(2, live.channels());
    table.shardLeft("news");
    assertEquals(1, live.channels());
    assertEquals(Set.of("chat"), Set.copyOf(table.channels()));
  }

  @Test
  void ignoresALeaveForAChannelNobodyHolds() {
    table.shardLeft("ghost");
    assertEquals(0, live.channels());
    assertTrue(table.channels().isEmpty());
  }

  @Test
  void staysExactUnderConcurrentJoinsAndLeaves() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SHARDS);
    CyclicBarrier barrier = new CyclicBarrier(SHARDS + 1);
    List<Set<String>> held = new ArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int s = 0; s < SHARDS; s++) {
        Set<String> mine = new HashSet<>();
        held.add(mine);
        long seed = s;
        done.add(pool.submit(() -> {
          // each worker behaves like one shard's ChannelIndex: it only leaves what it joined
          SplittableRandom random = new SplittableRandom(seed);
          barrier.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < STEPS; i++) {
            String channel = "c" + random.nextInt(CHANNELS);
            if (mine.remove(channel)) {
              table.shardLeft(channel);
            } else {
              mine.add(channel);
              table.shardJoined(channel);
            }
          }
          barrier.await(10, TimeUnit.SECONDS); // phase 1 done
          barrier.await(10, TimeUnit.SECONDS); // checked; now let go of everything
          for (String channel : mine) {
            table.shardLeft(channel);
          }
          return null;
        }));
      }
      barrier.await(10, TimeUnit.SECONDS);
      barrier.await(30, TimeUnit.SECONDS);
      Set<String> union = new HashSet<>();
      held.forEach(union::addAll);
      assertEquals(union, Set.copyOf(table.channels()));
      assertEquals(union.size(), live.channels());
      barrier.await(10, TimeUnit.SECONDS);
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertTrue(table.channels().isEmpty(), () -> "left behind: " + table.channels());
      assertEquals(0, live.channels());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void allShardsJoiningAndLeavingOneChannelAtOnceCountItOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SHARDS);
    try {
      for (int round = 0; round < 200; round++) {
        CyclicBarrier start = new CyclicBarrier(SHARDS);
        List<Future<?>> joins = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
          joins.add(pool.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            table.shardJoined("hot");
            return null;
          }));
        }
        for (Future<?> f : joins) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, live.channels(), "round " + round);
        CyclicBarrier stop = new CyclicBarrier(SHARDS);
        List<Future<?>> leaves = new ArrayList<>();
        for (int s = 0; s < SHARDS; s++) {
          leaves.add(pool.submit(() -> {
            stop.await(10, TimeUnit.SECONDS);
            table.shardLeft("hot");
            return null;
          }));
        }
        for (Future<?> f : leaves) {
          f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(0, live.channels(), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
