package hub.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdentityTest {

  @Test
  void identitiesWithoutSubsShareOneEmptyMapThatNobodyCanWriteTo() {
    Identity a = new Identity("alice", null, 0, List.of("x"), new JsonObject());
    Identity b = new Identity("bob", null, 0);
    assertSame(a.subs(), b.subs());
    assertEquals(0, a.subs().size());
    // shared by every such session: a write would show up in all of them
    assertThrows(UnsupportedOperationException.class, () -> a.subs().put("ch", new JsonObject()));
    assertEquals(new JsonObject(), a.subs());
  }

  @Test
  void subsWithEntriesAreCopiedAsGiven() {
    JsonObject given = new JsonObject().put("news", new JsonObject().put("info", "x"));
    Identity a = new Identity("alice", null, 0, List.of("news"), given);
    given.put("later", new JsonObject());
    assertNotSame(given, a.subs());
    assertEquals(1, a.subs().size());
    assertEquals("x", a.subs().getJsonObject("news").getString("info"));
  }
}
