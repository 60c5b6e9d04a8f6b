package hub.channel;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One channel's subscribers in this shard, by identity, and the one copy of the channel's name they share. An
 * open-addressing table (linear probing, deletion by backward shift) rather than a {@code HashSet}: a subscription
 * then costs one table slot instead of a 32-byte map node and a slot (bench/results/perf7), and the fan-out walks an
 * array instead of a chain of nodes. Its iterator cannot remove, and the set must not change while it is walked
 * (what {@link ChannelIndex#subscribersOf} already asks of its callers). Confined to its shard's event loop.
 *
 * @param <S> the subscriber type (a session); identity equality
 */
final class SubscriberSet<S> extends AbstractSet<S> {

  private static final int MIN_CAPACITY = 4;

  final String name;
  private Object[] table = new Object[MIN_CAPACITY];
  private int size;

  SubscriberSet(String name) {
    this.name = name;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean contains(Object o) {
    return o != null && indexOf(o) >= 0;
  }

  @Override
  public boolean add(S s) {
    if (s == null) {
      throw new NullPointerException("subscriber");
    }
    if (indexOf(s) >= 0) {
      return false;
    }
    if ((size + 1) * 3 > table.length * 2) { // at most two thirds full, so probes stay short
      grow();
    }
    put(table, s);
    size++;
    return true;
  }

  @Override
  public boolean remove(Object o) {
    int hole = o == null ? -1 : indexOf(o);
    if (hole < 0) {
      return false;
    }
    Object[] t = table;
    int mask = t.length - 1;
    t[hole] = null;
    size--;
    // Backward shift: an entry after the hole moves into it unless its own slot lies after the hole (cyclically),
    // so that every entry stays reachable from its slot without tombstones.
    for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
      int home = slot(t[j], mask);
      boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!stays) {
        t[hole] = t[j];
        t[j] = null;
        hole = j;
      }
    }
    return true;
  }

  @Override
  public Iterator<S> iterator() {
    return new Iterator<>() {
      private int next = advance(0);

      private int advance(int from) {
        int i = from;
        while (i < table.length && table[i] == null) {
          i++;
        }
        return i;
      }

      @Override
      public boolean hasNext() {
        return next < table.length;
      }

      @Override
      @SuppressWarnings("unchecked")
      public S next() {
        if (next >= table.length) {
          throw new NoSuchElementException();
        }
        S s = (S) table[next];
        next = advance(next + 1);
        return s;
      }
    };
  }

  private int indexOf(Object o) {
    Object[] t = table;
    int mask = t.length - 1;
    for (int i = slot(o, mask); t[i] != null; i = (i + 1) & mask) {
      if (t[i] == o) {
        return i;
      }
    }
    return -1;
  }

  private void grow() {
    Object[] old = table;
    Object[] t = new Object[old.length * 2];
    for (Object o : old) {
      if (o != null) {
        put(t, o);
      }
    }
    table = t;
  }

  private static void put(Object[] t, Object o) {
    int mask = t.length - 1;
    int i = slot(o, mask);
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = o;
  }

  private static int slot(Object o, int mask) {
    int h = System.identityHashCode(o) * 0x9E3779B9; // spread: identity hashes need not differ in their low bits
    return (h ^ (h >>> 16)) & mask;
  }
}
