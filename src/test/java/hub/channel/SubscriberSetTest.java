package hub.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open-addressing subscriber set against an identity set, through growth and removals that shift entries. */
class SubscriberSetTest {

  @Test
  void behavesAsAnIdentitySetThroughRandomAddsAndRemoves() {
    Random random = new Random(13);
    List<Object> pool = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      pool.add(new Object());
    }
    SubscriberSet<Object> set = new SubscriberSet<>("news");
    Set<Object> expected = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int step = 0; step < 20_000; step++) {
      Object o = pool.get(random.nextInt(pool.size()));
      if (random.nextInt(3) == 0) {
        assertEquals(expected.remove(o), set.remove(o), "remove at step " + step);
      } else {
        assertEquals(expected.add(o), set.add(o), "add at step " + step);
      }
      if (step % 500 == 0) {
        assertSameContents(expected, set, pool);
      }
    }
    assertSameContents(expected, set, pool);
    for (Object o : pool) {
      set.remove(o);
    }
    assertTrue(set.isEmpty());
    assertFalse(set.iterator().hasNext());
  }

  @Test
  void equalButDistinctSubscribersAreTwo() {
    SubscriberSet<String> set = new SubscriberSet<>("news");
    String a = new String("s");
    String b = new String("s");
    assertTrue(set.add(a));
    assertTrue(set.add(b), "identity, not equals");
    assertFalse(set.add(a));
    assertEquals(2, set.size());
    assertFalse(set.remove(new String("s")));
    assertFalse(set.contains(null));
    assertFalse(set.remove(null));
    assertThrows(NullPointerException.class, () -> set.add(null));
  }

  @Test
  void itsIteratorEndsAndCannotRemove() {
    SubscriberSet<Object> set = new SubscriberSet<>("news");
    set.add(new Object());
    var it = set.iterator();
    it.next();
    assertThrows(UnsupportedOperationException.class, it::remove);
    assertThrows(NoSuchElementException.class, it::next);
  }

  private static void assertSameContents(Set<Object> expected, SubscriberSet<Object> set, List<Object> pool) {
    assertEquals(expected.size(), set.size());
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object o : set) {
      assertTrue(seen.add(o), "each subscriber once");
    }
    assertEquals(expected, seen);
    for (Object o : pool) {
      assertEquals(expected.contains(o), set.contains(o));
    }
  }
}
