package hub.channel;

import hub.metrics.LiveResources;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which channels have a subscriber anywhere on this node, shared by the node's shards. Touched only when a channel
 * gains its first or loses its last subscriber within one shard, never per subscriber, so it stays off the hot path.
 * Thread-safe.
 */
public final class NodeChannelTable {

  private final ConcurrentHashMap<String, Integer> shardsPerChannel = new ConcurrentHashMap<>();
  private final LiveResources live;

  public NodeChannelTable(LiveResources live) {
    this.live = live;
  }

  /** A shard got its first subscriber of {@code channel}. */
  public void shardJoined(String channel) {
    // merge is atomic per key, so exactly one caller sees the count become 1
    if (shardsPerChannel.merge(channel, 1, Integer::sum) == 1) {
      live.channelAdded();
    }
  }

  /** A shard lost its last subscriber of {@code channel}. */
  public void shardLeft(String channel) {
    boolean[] removed = new boolean[1];
    shardsPerChannel.computeIfPresent(channel, (c, n) -> {
      if (n <= 1) {
        removed[0] = true;
        return null;
      }
      return n - 1;
    });
    if (removed[0]) {
      live.channelRemoved();
    }
  }

  /** The channels currently listed; for the table's own tests. */
  Set<String> channels() {
    return shardsPerChannel.keySet();
  }
}
