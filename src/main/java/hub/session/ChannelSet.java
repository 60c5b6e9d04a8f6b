package hub.session;

import java.util.Arrays;

/**
 * The channels one session is subscribed to. A plain array with linear search: sessions usually hold one to a few
 * channels and at most {@code client.channelLimit}, and an idle connection's footprint is what we optimise for
 * (a HashSet costs about ten times more per session). The first channel is kept in a field of its own, so the
 * common session with one subscription holds no array at all (24 B less, issue 13). Confined to the shard's event
 * loop.
 */
final class ChannelSet {

  private static final String[] EMPTY = new String[0];

  /** Channel 0, or null when the set is empty. */
  private String first;
  /** Channels 1 to size - 1. */
  private String[] rest = EMPTY;
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
    if (size == 0) {
      first = channel;
    } else {
      if (size - 1 == rest.length) {
        rest = Arrays.copyOf(rest, Math.max(1, rest.length * 2));
      }
      rest[size - 1] = channel;
    }
    size++;
    return true;
  }

  /** Keeps {@code name} in place of the equal string held, so subscribers of a channel share one copy of its name. */
  void share(String name) {
    int i = indexOf(name);
    if (i >= 0) {
      set(i, name);
    }
  }

  /** Removes a channel; false when absent. */
  boolean remove(String channel) {
    int i = indexOf(channel);
    if (i < 0) {
      return false;
    }
    size--;
    set(i, get(size)); // the last one fills the hole
    set(size, null);
    return true;
  }

  /** Removes and returns every channel. */
  String[] drain() {
    String[] out = new String[size];
    for (int i = 0; i < size; i++) {
      out[i] = get(i);
    }
    first = null;
    rest = EMPTY;
    size = 0;
    return out;
  }

  private String get(int i) {
    return i == 0 ? first : rest[i - 1];
  }

  private void set(int i, String channel) {
    if (i == 0) {
      first = channel;
    } else {
      rest[i - 1] = channel;
    }
  }

  private int indexOf(String channel) {
    for (int i = 0; i < size; i++) {
      if (get(i).equals(channel)) {
        return i;
      }
    }
    return -1;
  }
}
