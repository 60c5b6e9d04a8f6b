package hub.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VertxFootprintTest {

  @Test
  void theTrimStillFindsTheVertxInternalsItRelievesOfPerSocketObjects() {
    // If a Vert.x upgrade renames what the trim relies on, this fails, instead of every socket silently growing by
    // about 6 KiB.
    assertTrue(VertxFootprint.available());
  }

  @Test
  void theHeadersEverySocketSharesAreEmptyAndCannotBeWrittenTo() {
    // Shared by every trimmed socket: a write would leak one client's header into every other's.
    assertTrue(VertxFootprint.NO_HEADERS.isEmpty());
    assertThrows(RuntimeException.class, () -> VertxFootprint.NO_HEADERS.add("x-user", "alice"));
    assertThrows(RuntimeException.class, () -> VertxFootprint.NO_HEADERS.set("x-user", "alice"));
    assertTrue(VertxFootprint.NO_HEADERS.isEmpty());
  }
}
