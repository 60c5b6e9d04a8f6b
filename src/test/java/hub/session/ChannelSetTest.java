package hub.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelSetTest {

  @Test
  void sharingANameSwapsTheEqualEntryAndAddsNothing() {
    ChannelSet set = new ChannelSet();
    String own = new String("news");
    String shared = new String("news");
    set.add(own);
    set.share(shared);
    set.share("other");
    String[] held = set.drain();
    assertEquals(1, held.length);
    assertSame(shared, held[0]);
    assertFalse(set.contains("other"));
  }
  @Test
  void addsRemovesAndDrainsAcrossTheFirstSlotAndTheRest() {
    ChannelSet set = new ChannelSet();
    for (String c : new String[] {"a", "b", "c", "d", "e"}) {
      assertTrue(set.add(c));
    }
    assertFalse(set.add("c"), "already there");
    assertEquals(5, set.size());
    assertTrue(set.remove("a"), "the first slot, refilled by the last");
    assertFalse(set.remove("a"));
    assertTrue(set.remove("c"));
    assertEquals(3, set.size());
    assertTrue(set.contains("e") && set.contains("b") && set.contains("d"));
    assertFalse(set.contains("a") || set.contains("c"));
    assertTrue(set.add("f"));
    assertEquals(java.util.Set.of("b", "d", "e", "f"), java.util.Set.of(set.drain()));
    assertEquals(0, set.size());
    assertEquals(0, set.drain().length);
    assertTrue(set.add("g"));
    assertTrue(set.remove("g"));
    assertFalse(set.contains("g"));
    assertEquals(0, set.drain().length);
  }
}
