package hub.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When owners write their entries again, and when a merge's rejoin is still to come for a rewrite begun earlier. */
class PresenceGenerationsTest {

  final PresenceGenerations g = new PresenceGenerations();

  @Test
  void openingMovesTheGenerationWithoutARejoin() {
    g.opened();
    assertEquals(1, g.current());
    assertFalse(g.rejoinAll(1), "a map that opens lost nothing anyone was told about");
    assertFalse(g.rejoinComing(0));
  }

  @Test
  void aMergeMovesTheGenerationOnlyOnceItsRoutesAreConfirmed() {
    g.opened();
    g.routesConfirmed();
    assertEquals(1, g.current(), "routes confirmed with no merge before them move nothing");

    g.merged();
    assertEquals(1, g.current(), "not yet: joins pushed now may not reach the other side");
    assertTrue(g.rejoinComing(1), "a rewrite now leaves its joins to the rejoin");

    g.routesConfirmed();
    g.routesConfirmed();
    assertEquals(2, g.current(), "once per merge");
    assertTrue(g.rejoinAll(2));
    assertFalse(g.rejoinAll(1));
    assertTrue(g.rejoinComing(1), "a rewrite begun before the move is covered by the rejoin");
    assertFalse(g.rejoinComing(2), "one begun at the rejoin's generation or later is not");
  }
}
