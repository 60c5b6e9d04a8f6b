package hub.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicationTest {

  static Stream<Arguments> payloads() {
    return Stream.of(
        Arguments.of("object", new JsonObject().put("text", "hi").put("n", 3).put("nested", new JsonObject())),
        Arguments.of("array", new JsonArray().add(1).add("two").add(new JsonArray()).addNull()),
        Arguments.of("string", "plain"),
        Arguments.of("string with newlines", "line one\nline two\r\n\u2028end"),
        Arguments.of("object with newlines", new JsonObject().put("text", "a\nb").put("k\nk", "v")),
        Arguments.of("integer", 42),
        Arguments.of("negative long", -9_007_199_254_740_993L),
        Arguments.of("fraction", 2.5),
        Arguments.of("boolean", true),
        Arguments.of("null", null),
        Arguments.of("unicode", "grüße \uD83D\uDE00"));
  }

  private static JsonObject parsePush(byte[] frame) {
    String text = new String(frame, StandardCharsets.UTF_8);
    assertFalse(text.contains("\n"), "a raw newline would split the frame: " + text);
    assertFalse(text.contains("\r"), "no raw carriage return either: " + text);
    return new JsonObject(text);
  }

  private static Publication unsequenced(String channel, Object data) {
    return new Publication(channel, 0, null, Publication.encodePub(data, null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void pushParsesBackToTheExactData(String name, Object data) {
    JsonObject push = parsePush(unsequenced("chat:1", data).jsonPush()).getJsonObject("push");
    assertEquals("chat:1", push.getString("channel"));
    JsonObject pub = push.getJsonObject("pub");
    assertTrue(pub.containsKey("data"), "data is present even when null");
    assertEquals(data, pub.getValue("data"));
    assertFalse(pub.containsKey("offset"), "no offset without history");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void sequencedPushCarriesItsOffsetBesideTheExactData(String name, Object data) {
    Publication p = new Publication("chat:1", 9_000_000_001L, "EPOCH", Publication.encodePub(data, null, null));
    JsonObject pub = parsePush(p.jsonPush()).getJsonObject("push").getJsonObject("pub");
    assertEquals(9_000_000_001L, pub.getLong("offset"));
    assertEquals(data, pub.getValue("data"));
    assertEquals(pub, p.pubJson());
  }

  @Test
  void offsetIsSplicedIntoAnEmptyPubObject() {
    Publication p = new Publication("c", 3, "E", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals("{\"push\":{\"channel\":\"c\",\"pub\":{\"offset\":3}}}",
        new String(p.jsonPush(), StandardCharsets.UTF_8));
  }

  @Test
  void channelNamesAreEscapedAsJsonStrings() {
    String name = "room\"1\\x\u00e9";
    JsonObject push = parsePush(unsequenced(name, 1).jsonPush()).getJsonObject("push");
    assertEquals(name, push.getString("channel"));
  }

  @Test
  void pushIsBuiltOnceAndShared() {
    Publication p = unsequenced("news", "x");
    assertSame(p.jsonPush(), p.jsonPush());
  }

  @Test
  void pushOmitsInfoAndTagsWhenAbsent() {
    JsonObject pub = parsePush(new Publication("news", 0, null, Publication.encodePub("x", null, new JsonObject()))
        .jsonPush()).getJsonObject("push").getJsonObject("pub");
    assertEquals(List.of("data"), List.copyOf(pub.fieldNames()));
  }

  @Test
  void pushCarriesPublisherInfoAndTags() {
    ClientInfo info = new ClientInfo("42", "c-1", new JsonObject().put("name", "Ann\nLee"));
    byte[] bytes = Publication.encodePub(new JsonObject(), info, new JsonObject().put("kind", "note"));
    JsonObject pub = parsePush(new Publication("chat:1", 0, null, bytes).jsonPush())
        .getJsonObject("push").getJsonObject("pub");
    assertEquals(new JsonObject().put("user", "42").put("client", "c-1")
        .put("conn_info", new JsonObject().put("name", "Ann\nLee")), pub.getJsonObject("info"));
    assertEquals(new JsonObject().put("kind", "note"), pub.getJsonObject("tags"));
  }
}
