package bench.target;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HubVariantTest {

  @Test
  void readsConfigKeysWithTheirTypesFlagsAndTheJdk() {
    List<HubVariant> vs = HubVariant.parseAll("off:client.coalesceWrites=false,http.eventLoops=1;"
        + "gc:jvm=-XX:G1PeriodicGCInterval=5000,jvm=-Xlog:gc,http.transport=epoll;j:java=/bin/sh");
    assertEquals(3, vs.size());
    assertEquals("hub/off", vs.get(0).label());
    assertEquals(new JsonObject("{\"client\":{\"coalesceWrites\":false},\"http\":{\"eventLoops\":1}}"), vs.get(0).config());
    assertEquals(List.of("-XX:G1PeriodicGCInterval=5000", "-Xlog:gc"), vs.get(1).jvmFlags());
    assertEquals("epoll", vs.get(1).config().getJsonObject("http").getString("transport"));
    assertNull(vs.get(1).java());
    assertEquals("/bin/sh", vs.get(2).java());
    assertEquals("hub", HubVariant.NONE.label());
    assertNull(vs.get(0).jar());
  }

  @Test
  void runsAnotherBuildOfTheHub() throws Exception {
    java.nio.file.Path jar = java.nio.file.Files.createTempFile("hub-before", ".jar");
    try {
      HubVariant v = HubVariant.parseAll("before:jar=" + jar).get(0);
      assertEquals(jar.toAbsolutePath(), v.jar());
      assertEquals("hub/before", v.label());
    } finally {
      java.nio.file.Files.delete(jar);
    }
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThrows(IllegalArgumentException.class, () -> HubVariant.parseAll("noname"));
    assertThrows(IllegalArgumentException.class, () -> HubVariant.parseAll("x:novalue"));
    assertThrows(IllegalArgumentException.class, () -> HubVariant.parseAll("x:java=/no/such/java"));
    assertThrows(IllegalArgumentException.class, () -> HubVariant.parseAll("x:jar=/no/such.jar"));
  }
}
