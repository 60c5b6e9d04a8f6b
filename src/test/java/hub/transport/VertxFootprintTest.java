package hub.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class VertxFootprintTest {

  @Test
  void theTrimStillFindsTheVertxInternalsItRelievesOfPerSocketObjects() {
    // If a Vert.x upgrade renames what the trim relies on, this fails, instead of every socket silently growing by
    // about 6 KiB.
    assertTrue(VertxFootprint.available());
  }
}
