package hub.channel;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One shard's map from channel to its local subscribers. It reports a channel's first and last subscriber to a
 * listener, which is where node-level bookkeeping (and, in a cluster, routing) hooks in without ever being touched
 * for the subscribers in between. Confined to its shard's event loop.
 *
 * @param <S> the subscriber type (a session); identity equality
 */
public final class ChannelIndex<S> {

  /** Told when a channel gains its first or loses its last subscriber in this index. */
  public interface EdgeListener {
    void firstSubscriber(String channel);

    void lastSubscriber(String channel);
  }

  private final Map<String, SubscriberSet<S>> subscribers = new HashMap<>();
  private final EdgeListener edges;

  public ChannelIndex(EdgeListener edges) {
    this.edges = edges;
  }

  /** Adds a subscriber; false when it was already subscribed. */
  public boolean add(String channel, S subscriber) {
    SubscriberSet<S> set = subscribers.get(channel);
    if (set == null) {
      set = new SubscriberSet<>(channel);
      subscribers.put(channel, set);
      set.add(subscriber);
      edges.firstSubscriber(channel);
      return true;
    }
    return set.add(subscriber);
  }

  /**
   * The instance of {@code channel}'s name this index holds while the channel has a subscriber here, else
   * {@code channel} itself. Each subscribe command decodes its own copy of the name; a session that keeps this one
   * instead lets all of a channel's subscribers share one string (about 50 B per subscription).
   */
  public String name(String channel) {
    SubscriberSet<S> set = subscribers.get(channel);
    return set == null ? channel : set.name;
  }

  /** Removes a subscriber; false when it was not subscribed. */
  public boolean remove(String channel, S subscriber) {
    Set<S> set = subscribers.get(channel);
    if (set == null || !set.remove(subscriber)) {
      return false;
    }
    if (set.isEmpty()) {
      subscribers.remove(channel);
      edges.lastSubscriber(channel);
    }
    return true;
  }

  /** The live subscriber set of a channel (empty when none); callers must not modify it while iterating. */
  public Set<S> subscribersOf(String channel) {
    Set<S> set = subscribers.get(channel);
    return set == null ? Collections.emptySet() : set;
  }

  /** Channels with at least one subscriber; for the index's own tests. */
  int channelCount() {
    return subscribers.size();
  }

  public void forEachChannel(BiConsumer<String, Integer> action) {
    subscribers.forEach((channel, set) -> action.accept(channel, set.size()));
  }
}
