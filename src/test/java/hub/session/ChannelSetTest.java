package hub.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
