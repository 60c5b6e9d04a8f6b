package hub.session;

import hub.protocol.Format;
import hub.protocol.ProtobufFrames;
import hub.support.Await;
import hub.support.Pubs;
import hub.support.Tokens;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions of the protobuf format on a real shard: the same handlers answer in binary replies, a publication is
 * encoded once per format whatever the mix of subscribers, and broken protobuf closes like broken JSON.
 */
class ProtobufSessionTest {

  static final JsonObject CONFIG = SessionCloseTest.LIMITS.copy().put("channels", new JsonObject()
      .put("namespaces", new JsonObject().put("room", new JsonObject().put("presence", true).put("joinLeave", true))));

  ShardHarness h;

  @BeforeEach
  void start() {
    h = new ShardHarness(CONFIG);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static JsonObject command(long id, String method, JsonObject params) {
    return new JsonObject().put("id", id).put(method, params);
  }

  private ShardHarness.Peer connectedProtobuf(String user) {
    ShardHarness.Peer p = h.open(null, Format.PROTOBUF);
    JsonObject reply = p.protobuf(command(1, "connect", new JsonObject().put("token", Tokens.forUser(user)))).get(0);
    assertTrue(reply.getJsonObject("connect").getString("client").length() > 0, reply::encode);
    return p;
  }

  @Test
  void commandsAreAnsweredInProtobufByTheSameHandlers() {
    ShardHarness.Peer p = h.open(null, Format.PROTOBUF);
    // connect and two subscribes in one frame, as the SDKs send them
    byte[] frame = concat(
        ProtobufFrames.command(command(1, "connect", new JsonObject().put("token", Tokens.forUser("alice")))),
        ProtobufFrames.command(command(2, "subscribe", new JsonObject().put("channel", "room:1"))),
        ProtobufFrames.command(command(3, "subscribe", new JsonObject().put("channel", "room:1"))));
    p.sendBinary(frame);
    List<byte[]> frames = h.call(() -> List.copyOf(p.transport.frames()));
    assertEquals(1, frames.size(), "one frame of replies for one frame of commands");
    List<JsonObject> replies = ProtobufFrames.replies(frames.get(0));
    assertEquals(3, replies.size());
    JsonObject connect = replies.get(0).getJsonObject("connect");
    assertEquals(10, connect.getInteger("ping"));
    assertEquals(true, connect.getBoolean("pong"));
    assertEquals(new JsonObject().put("id", 2L).put("subscribe", new JsonObject()), replies.get(1));
    assertEquals(105, replies.get(2).getJsonObject("error").getInteger("code"));

    JsonObject presence = p.protobuf(command(4, "presence", new JsonObject().put("channel", "room:1"))).get(0);
    JsonObject me = presence.getJsonObject("presence").getJsonObject("presence")
        .getJsonObject(h.call(p.session::clientId));
    assertEquals("alice", me.getString("user"));
    JsonObject stats = p.protobuf(command(5, "presence_stats", new JsonObject().put("channel", "room:1"))).get(0);
    assertEquals(1, stats.getJsonObject("presence_stats").getInteger("num_clients"));
    assertEquals(new JsonObject(), p.protobuf(command(6, "unsubscribe",
        new JsonObject().put("channel", "room:1"))).get(0).getJsonObject("unsubscribe"));
    assertEquals(new JsonObject(), p.protobuf(command(7, "ping", new JsonObject())).get(0).getJsonObject("ping"));
    assertEquals(104, p.protobuf(command(8, "rpc", new JsonObject())).get(0).getJsonObject("error")
        .getInteger("code"));
  }

  @Test
  void aPublicationIsEncodedOncePerFormatWhateverTheMixOfSubscribers() {
    ShardHarness.Peer json1 = h.open();
    ShardHarness.Peer json2 = h.open();
    json1.connect(Tokens.forUser("a"));
    json2.connect(Tokens.forUser("b"));
    json1.subscribe(2, "news");
    json2.subscribe(2, "news");
    ShardHarness.Peer pb1 = connectedProtobuf("c");
    ShardHarness.Peer pb2 = connectedProtobuf("d");
    pb1.protobuf(command(2, "subscribe", new JsonObject().put("channel", "news")));
    pb2.protobuf(command(2, "subscribe", new JsonObject().put("channel", "news")));
    List<ShardHarness.Peer> all = List.of(json1, pb1, json2, pb2);
    int[] before = all.stream().mapToInt(p -> h.call(() -> p.transport.frames().size())).toArray();

    JsonObject data = new JsonObject().put("text", "grüße").put("n", 1);
    h.broker.publish(Pubs.of("news", data));
    Await.until("every subscriber got the push", () -> {
      for (int i = 0; i < all.size(); i++) {
        ShardHarness.Peer p = all.get(i);
        if (h.call(() -> p.transport.frames().size()) != before[0 + i] + 1) {
          return false;
        }
      }
      return true;
    });
    byte[][] got = new byte[all.size()][];
    for (int i = 0; i < all.size(); i++) {
      ShardHarness.Peer p = all.get(i);
      int at = before[i];
      got[i] = h.call(() -> p.transport.frames().get(at));
    }
    assertSame(got[0], got[2], "JSON subscribers share one encoding");
    assertSame(got[1], got[3], "protobuf subscribers share one encoding");
    assertNotSame(got[0], got[1]);
    JsonObject jsonPush = new JsonObject(new String(got[0], StandardCharsets.UTF_8)).getJsonObject("push");
    JsonObject protobufPush = ProtobufFrames.replies(got[1]).get(0).getJsonObject("push");
    assertEquals(jsonPush, protobufPush, "both formats carry the same push");
    assertEquals(data, protobufPush.getJsonObject("pub").getJsonObject("data"));
  }

  @Test
  void joinAndLeaveReachProtobufSubscribersInProtobuf() {
    ShardHarness.Peer watcher = connectedProtobuf("w");
    watcher.protobuf(command(2, "subscribe", new JsonObject().put("channel", "room:2").put("join_leave", true)));
    ShardHarness.Peer joiner = h.open();
    joiner.connect(Tokens.forUser("joe"));
    int before = h.call(() -> watcher.transport.frames().size());
    joiner.subscribe(2, "room:2");
    Await.until("join reached the watcher", () -> h.call(() -> watcher.transport.frames().size()) > before);
    JsonObject push = ProtobufFrames.replies(h.call(() -> watcher.transport.frames().get(before))).get(0)
        .getJsonObject("push");
    assertEquals("room:2", push.getString("channel"));
    assertEquals("joe", push.getJsonObject("join").getJsonObject("info").getString("user"));
  }

  @Test
  void pingsAreEmptyRepliesAndAnEmptyCommandIsThePong() {
    ShardHarness.Peer p = connectedProtobuf("alice");
    int after = h.call(() -> p.transport.frames().size());
    h.clock.advance(Duration.ofMillis(10_000));
    h.sweep();
    assertArrayEquals(new byte[] {0}, h.call(() -> p.transport.frames().get(after)), "an empty Reply");
    p.sendBinary(new byte[] {0}); // an empty Command
    h.clock.advance(Duration.ofMillis(3_500));
    h.sweep();
    assertEquals(SessionState.ACTIVE, p.state(), "the pong was taken");
    h.clock.advance(Duration.ofMillis(6_500)); // the next ping, which goes unanswered
    h.sweep();
    h.clock.advance(Duration.ofMillis(3_001));
    h.sweep();
    assertEquals(SessionState.CLOSED, p.state(), "an unanswered ping closes");
    assertEquals(3012, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void publishedDataThatIsNotJsonGetsError107AndTheSessionStays() {
    ShardHarness.Peer p = connectedProtobuf("alice");
    // id 2, publish {channel "chat:x", data 0xff 0x00}
    byte[] command = {0x08, 0x02, 0x3a, 0x0c, 0x0a, 0x06, 'c', 'h', 'a', 't', ':', 'x', 0x12, 0x02, (byte) 0xff, 0};
    p.sendBinary(concat(new byte[] {(byte) command.length}, command));
    List<JsonObject> replies = ProtobufFrames.replies(h.call(() -> p.transport.frames().get(1)));
    assertEquals(107, replies.get(0).getJsonObject("error").getInteger("code"));
    assertEquals(SessionState.ACTIVE, p.state());
    assertTrue(h.broker.published().isEmpty(), "nothing was published");
  }

  @Test
  void brokenProtobufClosesWith3501AndReleasesEverything() {
    ShardHarness.Peer p = connectedProtobuf("alice");
    p.protobuf(command(2, "subscribe", new JsonObject().put("channel", "room:3")));
    p.sendBinary(new byte[] {0x05, 0x08, 0x01}); // a command whose length runs past the frame
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3501, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  @Test
  void aTextFrameOnAProtobufConnectionCloses3501() {
    ShardHarness.Peer p = h.open(null, Format.PROTOBUF);
    p.send("{\"id\":1,\"connect\":{}}");
    assertEquals(SessionState.CLOSED, p.state());
    assertEquals(3501, h.call(p.transport::closeCode));
    h.assertReleased();
  }

  private static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
