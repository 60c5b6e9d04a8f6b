package hub.it;

import hub.support.Await;
import hub.support.TestHub;
import hub.support.Tokens;
import hub.support.WsClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket layer under the protocol, over a real socket: frames built by hand with any bit wrong, binary and
 * fragmented messages, control frames, and sizes at and over {@code client.maxMessageBytes}. Every broken frame
 * ends the session with its own close code and reason; after each test the hub holds nothing.
 */
class WebSocketFramesIT {

  static final int MAX_MESSAGE_BYTES = 16_384;

  static TestHub hub;
  final List<WsClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    hub = TestHub.start(new JsonObject().put("client", new JsonObject().put("maxMessageBytes", MAX_MESSAGE_BYTES)));
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @AfterEach
  void everyClientGoneAndNothingHeld() {
    clients.forEach(WsClient::reset);
    hub.assertIdle();
    for (WsClient c : clients) {
      assertEquals(List.of(), c.garbageReceived(), "the hub only ever sent JSON objects, one per line");
    }
  }

  private WsClient open() {
    WsClient c = WsClient.open(hub.port());
    clients.add(c);
    return c;
  }

  private WsClient connected(String user) {
    WsClient c = WsClient.connected(hub.port(), user);
    clients.add(c);
    return c;
  }

  private static String line(long id, String method, JsonObject params) {
    return new JsonObject().put(method, params).put("id", id).encode();
  }

  private static void assertAlive(WsClient c) {
    JsonObject pong = c.call("ping", new JsonObject());
    assertTrue(pong.containsKey("ping"), () -> "session still serves commands: " + pong.encode());
  }

  @Test
  void oversizedMessageCloses1009() {
    WsClient c = connected("alice");
    c.subscribe("news");
    c.sendText(line(5, "publish", new JsonObject().put("channel", "chat:x").put("data", "y".repeat(17_000))));
    assertEquals(1009, c.awaitClosed().code());
  }

  /** A client frame header plus masked payload, built by hand so any bit can be wrong. */
  private static byte[] rawFrame(int firstByte, boolean masked, byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(firstByte);
    f.write((masked ? 0x80 : 0) | payload.length);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    if (masked) {
      f.writeBytes(mask);
    }
    for (int i = 0; i < payload.length; i++) {
      f.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
    }
    return f.toByteArray();
  }

  private static final byte[] PING_CMD = "{\"id\":1,\"ping\":{}}".getBytes(StandardCharsets.UTF_8);

  /**
   * Each broken input with the close code the client sees and the reason the hub counts. WebSocket framing faults are
   * Netty's to find (1002); a payload that is not UTF-8 JSON is the protocol's bad request (3501, protocol.md
   * section on close codes).
   */
  static Stream<Arguments> brokenFrames() {
    return Stream.of(
        Arguments.of("invalid UTF-8 in a text frame", rawFrame(0x81, true, new byte[] {(byte) 0xC3, 0x28}),
            3501, "bad_request"),
        Arguments.of("unmasked client frame", rawFrame(0x81, false, PING_CMD), 1002, "bad_frame"),
        Arguments.of("reserved bit set", rawFrame(0x81 | 0x40, true, PING_CMD), 1002, "bad_frame"),
        Arguments.of("reserved opcode", rawFrame(0x83, true, PING_CMD), 1002, "bad_frame"),
        Arguments.of("continuation without a start", rawFrame(0x80, true, PING_CMD), 1002, "bad_frame"),
        Arguments.of("fragmented control frame", rawFrame(0x09, true, new byte[] {1}), 1002, "bad_frame"),
        Arguments.of("close frame with a one-byte payload", rawFrame(0x88, true, new byte[] {3}), 1002, "bad_frame"),
        Arguments.of("binary frame that is not JSON", rawFrame(0x82, true, "nope".getBytes(StandardCharsets.UTF_8)),
            3501, "bad_request"),
        // The fragment and the frame that breaks it in one write, so that both arrive in one read: Vert.x holds back
        // writes made during a read and closes the channel right after the fault; the close frame must still go out.
        Arguments.of("new message inside a fragmented one", concat(rawFrame(0x01, true, "{\"id\":".getBytes()),
            rawFrame(0x81, true, "{}".getBytes())), 1002, "bad_frame"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFrames")
  void brokenInputEndsTheSessionWithItsOwnCodeAndReason(String name, byte[] bytes, int code, String reason) {
    WsClient c = connected("alice");
    c.subscribe("news");
    double before = hub.closed(reason);
    c.sendRaw(bytes);
    assertEquals(code, c.awaitClosed().code());
    Await.equal("counted as " + reason, before + 1, () -> hub.closed(reason));
    hub.assertIdle();
  }

  @Test
  void binaryFrameWithValidJsonIsAccepted() {
    WsClient c = open();
    byte[] connect = line(1, "connect", new JsonObject().put("token", Tokens.forUser("alice")))
        .getBytes(StandardCharsets.UTF_8);
    c.sendFrame(0x2, connect, true);
    assertTrue(c.reply(1).containsKey("connect"));
    c.sendFrame(0x2, line(2, "subscribe", new JsonObject().put("channel", "news")).getBytes(StandardCharsets.UTF_8),
        true);
    assertTrue(c.reply(2).containsKey("subscribe"));
    assertTrue(c.framesReceived().stream().noneMatch(String::isEmpty));
  }

  @Test
  void fragmentedTextMessageIsReassembled() {
    WsClient c = open();
    byte[] connect = line(1, "connect", new JsonObject().put("token", Tokens.forUser("alice")))
        .getBytes(StandardCharsets.UTF_8);
    int third = connect.length / 3;
    c.sendFrame(0x1, Arrays.copyOfRange(connect, 0, third), false);
    c.sendFrame(0x0, Arrays.copyOfRange(connect, third, 2 * third), false);
    c.sendFrame(0x0, Arrays.copyOfRange(connect, 2 * third, connect.length), true);
    assertTrue(c.reply(1).containsKey("connect"));
  }

  @Test
  void websocketPingIsAnsweredAndHarmless() {
    WsClient c = connected("alice");
    c.sendFrame(0x9, "are you there".getBytes(StandardCharsets.UTF_8), true);
    assertAlive(c);
  }

  @Test
  void largeCommandFramesJustBelowTheLimitAreServed() {
    WsClient c = connected("alice");
    c.subscribe("chat:big");
    String data = "z".repeat(16_000);
    JsonObject ack = c.call("publish", new JsonObject().put("channel", "chat:big").put("data", data));
    assertTrue(ack.containsKey("publish"), ack::encode);
    assertEquals(data, c.push().getJsonObject("push").getJsonObject("pub").getString("data"));
  }

  @Test
  void closeFrameFromClientIsAnsweredAndCounted() {
    double before = hub.closed("client_closed");
    WsClient c = connected("alice");
    c.subscribe("news");
    c.closeCleanly();
    assertEquals(1000, c.awaitClosed().code(), "the hub echoes the client's close code");
    hub.assertIdle();
    assertEquals(before + 1, hub.closed("client_closed"));
  }
}
