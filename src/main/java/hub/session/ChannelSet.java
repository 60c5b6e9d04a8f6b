package hub.session;

import java.util.Arrays;

/**
 * The channels one session is subscribed to. A plain array with linear search: sessions usually hold one to a few
 * channels and at most {@code client.channelLimit}, and an idle connection's footprint is what we optimise for
 * (a HashSet costs about ten times more per session). Confined to the shard's event loop.
 */
final class ChannelSet {

  private static final String[] EMPTY = new String[0];

  private String[] items = EMPTY;
  private int size;

  int size() {
    return size;
  }

  boolean contains(String channel) {
    return indexOf(channel) >= 0;
  }

  /** Adds a channel; false when present. */
  boolean add(String channel) {
    if (indexOf(channel) >= 0) {
      return false;
    }
    if (size == items.length) {
      items = Arrays.copyOf(items, Math.max(1, size * 2));
    }
    items[size++] = channel;
    return true;
  }

  /** Keeps {@code name} in place of the equal string held, so subscribers of a channel share one copy of its name. */
  void share(String name) {
    int i = indexOf(name);
    if (i >= 0) {
      items[i] = name;
    }
  }

  /** Removes a channel; false when absent. */
  boolean remove(String channel) {
    int i = indexOf(channel);
    if (i < 0) {
      return false;
    }
    items[i] = items[--size];
    items[size] = null;
    return true;
  }

  /** Removes and returns every channel. */
  String[] drain() {
    String[] out = Arrays.copyOf(items, size);
    items = EMPTY;
    size = 0;
    return out;
  }

  private int indexOf(String channel) {
    for (int i = 0; i < size; i++) {
      if (items[i].equals(channel)) {
        return i;
      }
    }
    return -1;
  }
}
