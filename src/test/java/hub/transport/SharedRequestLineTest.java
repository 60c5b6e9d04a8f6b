package hub.transport;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedRequestLineTest {

  @Test
  void theSharingStillFindsTheVertxFieldsItReplaces() {
    // A Vert.x upgrade that renames them makes every socket keep its own copies again: this notices.
    assertTrue(SharedRequestLine.available());
  }

  @Test
  void equalValuesComeBackAsOneInstance() {
    SharedRequestLine line = SharedRequestLine.forTest();
    String first = new String("/connection/websocket");
    String second = new String("/connection/websocket");
    assertSame(first, line.canonical(first));
    assertSame(first, line.canonical(second));
    HostAndPort a = HostAndPort.create("127.0.0.1", 8080);
    HostAndPort b = HostAndPort.create("127.0.0.1", 8080);
    assertSame(a, line.canonical(a));
    assertSame(a, line.canonical(b));
    assertNotSame(a, line.canonical(HostAndPort.create("127.0.0.1", 8081)));
  }

  @Test
  void aFullCacheLeavesNewValuesAloneInsteadOfGrowing() {
    SharedRequestLine line = SharedRequestLine.forTest();
    for (int i = 0; i < SharedRequestLine.MAX_ENTRIES; i++) {
      line.canonical("/path/" + i);
    }
    String late = new String("/late");
    String again = new String("/late");
    assertSame(again, line.canonical(again), "past the bound each socket keeps its own value");
    assertEquals(late, line.canonical(late));
    // What is already shared stays shared.
    String known = "/path/" + 3;
    assertNotSame(known, line.canonical(known));
  }

  @Test
  void onlyImmutableValuesAreShared() {
    SharedRequestLine line = SharedRequestLine.forTest();
    StringBuilder mutable = new StringBuilder("x");
    assertSame(mutable, line.canonical(mutable));
  }
}
