package hub.protocol;

import hub.support.MalformedFrames;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire format of protocol v2 JSON: what the hub accepts from clients (strictly), and that what it writes parses
 * back to exactly what was meant, one object per line.
 */
class ProtocolCodecTest {

  static List<MalformedFrames.Case> malformed() {
    return MalformedFrames.all();
  }

  @Test
  void corpusIsLargeEnough() {
    assertTrue(malformed().size() >= 16, "at least 16 malformed inputs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedFrame(MalformedFrames.Case c) {
    assertThrows(ProtocolException.class, () -> ProtocolCodec.decodeFrame(c.frame()),
        () -> "accepted: " + c.frame());
  }

  @Test
  void refusesIdsBeyondTwoToTheSixtyFour() {
    assertThrows(ProtocolException.class,
        () -> ProtocolCodec.decodeFrame("{\"id\":18446744073709551617,\"ping\":{}}"));
    assertThrows(ProtocolException.class,
        () -> ProtocolCodec.decodeFrame("{\"id\":-18446744073709551615,\"ping\":{}}"));
  }

  // ---- accepted input -----------------------------------------------------------------------------------------

  @Test
  void decodesTheCommandsOfOneFrameInOrder() throws Exception {
    String frame = "{\"connect\":{\"token\":\"T\",\"name\":\"js\"},\"id\":1}\n"
        + "{\"subscribe\":{\"channel\":\"chat:1\",\"flag\":1},\"id\":2}\n"
        + "{\"subscribe\":{\"channel\":\"chat:2\"},\"id\":3}\n"
        + "{\"publish\":{\"channel\":\"chat:1\",\"data\":{\"a\":1}},\"id\":4}\n"
        + "{}";
    List<Command> commands = ProtocolCodec.decodeFrame(frame);
    assertEquals(List.of(Method.CONNECT, Method.SUBSCRIBE, Method.SUBSCRIBE, Method.PUBLISH, Method.PONG),
        commands.stream().map(Command::method).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L, 0L), commands.stream().map(Command::id).toList());
    assertEquals("T", commands.get(0).params().getString("token"));
    assertEquals("chat:2", commands.get(2).params().getString("channel"));
    assertEquals(new JsonObject().put("a", 1), commands.get(3).params().getJsonObject("data"));
  }

  @Test
  void allowsATrailingNewlineAndCarriageReturns() throws Exception {
    assertEquals(1, ProtocolCodec.decodeFrame("{\"id\":1,\"ping\":{}}\n").size());
    assertEquals(2, ProtocolCodec.decodeFrame("{\"id\":1,\"ping\":{}}\r\n{\"id\":2,\"ping\":{}}\r\n").size());
  }

  @Test
  void skipsBlankLinesBetweenCommands() throws Exception {
    List<Command> commands = ProtocolCodec.decodeFrame("{\"id\":1,\"ping\":{}}\n\n{\"id\":2,\"ping\":{}}");
    assertEquals(List.of(1L, 2L), commands.stream().map(Command::id).toList());
  }

  @Test
  void readsTheEmptyObjectAsAPong() throws Exception {
    Command pong = ProtocolCodec.decodeFrame("{}").get(0);
    assertEquals(Method.PONG, pong.method());
    assertEquals(0, pong.id());
    assertTrue(pong.method().isOneWay());
  }

  @Test
  void sendNeedsNoId() throws Exception {
    Command send = ProtocolCodec.decodeFrame("{\"send\":{\"data\":{\"x\":1}}}").get(0);
    assertEquals(Method.SEND, send.method());
    assertEquals(0, send.id());
  }

  @Test
  void ignoresUnknownExtraFields() throws Exception {
    Command c = ProtocolCodec.decodeFrame(
        "{\"subscribe\":{\"channel\":\"news\",\"flag\":1,\"future\":[1,2]},\"id\":7,\"headers\":{},\"v\":3}").get(0);
    assertEquals(Method.SUBSCRIBE, c.method());
    assertEquals(7, c.id());
    assertEquals("news", c.params().getString("channel"));
  }

  @Test
  void readsEveryMethodByItsField() throws Exception {
    for (Method m : Method.values()) {
      if (m == Method.PONG) {
        continue;
      }
      Command c = ProtocolCodec.decodeFrame("{\"" + m.field() + "\":{},\"id\":9}").get(0);
      assertEquals(m, c.method(), m.field());
    }
  }

  @Test
  void picksTheFirstMethodInReferenceOrderWhenTwoAreSet() throws Exception {
    Command c = ProtocolCodec.decodeFrame("{\"subscribe\":{\"channel\":\"a\"},\"connect\":{},\"id\":1}").get(0);
    assertEquals(Method.CONNECT, c.method());
  }

  @Test
  void acceptsTheLargestUint32Id() throws Exception {
    assertEquals(0xFFFF_FFFFL, ProtocolCodec.decodeFrame("{\"id\":4294967295,\"ping\":{}}").get(0).id());
  }

  @Test
  void acceptsANullRequestBodyAsEmpty() throws Exception {
    Command c = ProtocolCodec.decodeFrame("{\"id\":3,\"connect\":null}").get(0);
    assertEquals(Method.CONNECT, c.method());
    assertTrue(c.params().isEmpty());
  }

  // ---- replies ------------------------------------------------------------------------------------------------

  @Test
  void resultAlwaysCarriesItsObjectEvenWhenEmpty() {
    JsonObject reply = new JsonObject(ProtocolCodec.result(5, Method.SUBSCRIBE, new JsonObject()));
    assertEquals(5L, reply.getLong("id"));
    assertEquals(new JsonObject(), reply.getJsonObject("subscribe"));
    assertFalse(reply.containsKey("error"));
  }

  @Test
  void errorCarriesCodeMessageAndTemporaryOnlyWhenTrue() {
    JsonObject permanent = new JsonObject(ProtocolCodec.error(6, ReplyError.PERMISSION_DENIED));
    assertEquals(new JsonObject().put("code", 103).put("message", "permission denied"),
        permanent.getJsonObject("error"));
    JsonObject temporary = new JsonObject(ProtocolCodec.error(7, ReplyError.TOO_MANY_REQUESTS));
    assertEquals(111, temporary.getJsonObject("error").getInteger("code"));
    assertEquals(true, temporary.getJsonObject("error").getBoolean("temporary"));
  }

  @Test
  void pingFrameIsTheEmptyObject() {
    assertEquals("{}", new String(ProtocolCodec.PING_FRAME, StandardCharsets.UTF_8));
  }

  @Test
  void clientInfoAlwaysWritesUserAndClient() {
    JsonObject anonymous = new ClientInfo("", "c-2", null).toJson();
    assertEquals("", anonymous.getString("user"));
    assertEquals("c-2", anonymous.getString("client"));
    assertNull(anonymous.getValue("conn_info"));
    assertFalse(anonymous.containsKey("conn_info"));
  }
}
