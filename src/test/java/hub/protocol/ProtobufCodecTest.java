package hub.protocol;

import com.google.protobuf.ByteString;
import hub.support.MalformedFrames;
import io.github.centrifugal.centrifuge.internal.protocol.Protocol;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protobuf format, checked against an independent implementation: the classes protoc generated for the stock
 * Java SDK (centrifuge-java) from its own copy of {@code client.proto}. Commands the SDK writes must decode to what
 * the JSON format would give; replies the hub writes must parse in the SDK to what the handler meant.
 */
class ProtobufCodecTest {

  static List<MalformedFrames.BinaryCase> malformed() {
    return MalformedFrames.protobuf();
  }

  @Test
  void corpusIsLargeEnough() {
    assertTrue(malformed().size() >= 16, "at least 16 malformed inputs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesMalformedFrame(MalformedFrames.BinaryCase c) {
    assertThrows(ProtocolException.class, () -> Format.PROTOBUF.decode(c.frame()));
  }

  @Test
  void refusesATextFrame() {
    assertThrows(ProtocolException.class, () -> Format.PROTOBUF.decode("{\"id\":1,\"connect\":{}}"));
  }

  // ---- commands ------------------------------------------------------------------------------------------------

  @Test
  void decodesTheCommandsOfOneFrameInOrder() throws Exception {
    byte[] frame = delimited(
        Protocol.Command.newBuilder().setId(1).setConnect(Protocol.ConnectRequest.newBuilder()
            .setToken("T").setName("java").putSubs("x", Protocol.SubscribeRequest.newBuilder().setRecover(true)
                .build())).build(),
        Protocol.Command.newBuilder().setId(2).setSubscribe(Protocol.SubscribeRequest.newBuilder()
            .setChannel("chat:1").setJoinLeave(true).setRecover(true).setOffset(7).setEpoch("e")).build(),
        Protocol.Command.newBuilder().setId(3).setPublish(Protocol.PublishRequest.newBuilder()
            .setChannel("chat:1").setData(json("{\"a\":[1,\"b\"]}"))).build(),
        Protocol.Command.newBuilder().build());

    List<Command> commands = Format.PROTOBUF.decode(frame);

    assertEquals(4, commands.size());
    Command connect = commands.get(0);
    assertEquals(Method.CONNECT, connect.method());
    assertEquals(1, connect.id());
    assertEquals("T", connect.params().getString("token"));
    assertEquals("java", connect.params().getString("name"));
    assertEquals(new JsonObject().put("recover", true), connect.params().getJsonObject("subs").getJsonObject("x"));
    Command subscribe = commands.get(1);
    assertEquals(Method.SUBSCRIBE, subscribe.method());
    assertEquals(new JsonObject().put("channel", "chat:1").put("recover", true).put("epoch", "e").put("offset", 7)
        .put("join_leave", true), subscribe.params());
    assertEquals(Integer.class, subscribe.params().getValue("offset").getClass(), "as the JSON parser gives it");
    Command publish = commands.get(2);
    assertEquals(Method.PUBLISH, publish.method());
    assertEquals(new JsonObject().put("a", new JsonArray().add(1).add("b")), publish.params().getValue("data"));
    assertEquals(Method.PONG, commands.get(3).method());
    assertEquals(0, commands.get(3).id());
  }

  /** Each request field selects its method, as the JSON format's request names do. */
  @ParameterizedTest
  @EnumSource(value = Method.class, names = "PONG", mode = EnumSource.Mode.EXCLUDE)
  void everyRequestFieldSelectsItsMethod(Method method) throws Exception {
    int number = ProtoSchema.COMMAND.field(method.field()).number();
    byte[] command = {0x08, 0x09, (byte) (number << 3 | 2), 0x00}; // id 9, an empty request message
    Command c = Format.PROTOBUF.decode(frame(command)).get(0);
    assertEquals(method, c.method());
    assertEquals(9, c.id());
    assertTrue(c.params().isEmpty());
  }

  @Test
  void oneWayCommandsNeedNoId() throws Exception {
    byte[] send = Protocol.Command.newBuilder()
        .setSend(Protocol.SendRequest.newBuilder().setData(json("{\"x\":1}"))).build().toByteArray();
    Command c = Format.PROTOBUF.decode(frame(send)).get(0);
    assertEquals(Method.SEND, c.method());
    assertEquals(new JsonObject().put("x", 1), c.params().getValue("data"));
  }

  @Test
  void unknownFieldsAreSkipped() throws Exception {
    // id 4, field 99 (varint), ping {}, field 100 (bytes "zz"): a newer client's extra fields.
    byte[] command = {0x08, 0x04, (byte) 0x98, 0x06, 0x01, 0x5a, 0x00, (byte) 0xa2, 0x06, 0x02, 'z', 'z'};
    Command c = Format.PROTOBUF.decode(frame(command)).get(0);
    assertEquals(Method.PING, c.method());
    assertEquals(4, c.id());
  }

  @Test
  void theFirstRequestInSearchOrderWins() throws Exception {
    byte[] command = Protocol.Command.newBuilder().setId(1)
        .setSubscribe(Protocol.SubscribeRequest.newBuilder().setChannel("a"))
        .setConnect(Protocol.ConnectRequest.newBuilder()).build().toByteArray();
    assertEquals(Method.CONNECT, Format.PROTOBUF.decode(frame(command)).get(0).method());
  }

  @Test
  void aRepeatedMessageFieldIsMerged() throws Exception {
    byte[] first = Protocol.Command.newBuilder().setId(1)
        .setSubscribe(Protocol.SubscribeRequest.newBuilder().setChannel("a")).build().toByteArray();
    byte[] second = Protocol.Command.newBuilder()
        .setSubscribe(Protocol.SubscribeRequest.newBuilder().setJoinLeave(true)).build().toByteArray();
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    Command c = Format.PROTOBUF.decode(frame(both)).get(0);
    assertEquals(new JsonObject().put("channel", "a").put("join_leave", true), c.params());
  }

  @Test
  void integersAreIntegersWhenTheyFitAndLongsOtherwiseAsInJson() throws Exception {
    byte[] small = Protocol.Command.newBuilder().setId(1).setSubscribe(Protocol.SubscribeRequest.newBuilder()
        .setChannel("c").setOffset(5)).build().toByteArray();
    byte[] large = Protocol.Command.newBuilder().setId(1).setSubscribe(Protocol.SubscribeRequest.newBuilder()
        .setChannel("c").setOffset(1L << 40)).build().toByteArray();
    assertEquals(5, Format.PROTOBUF.decode(frame(small)).get(0).params().getValue("offset"));
    assertEquals(1L << 40, Format.PROTOBUF.decode(frame(large)).get(0).params().getValue("offset"));
    // a flag (int64 in the schema) reads as the Integer the JSON format gives: id 1, subscribe {channel c, flag 2}
    byte[] flagged = {0x08, 0x01, 0x2a, 0x05, 0x0a, 0x01, 'c', 0x70, 0x02};
    assertEquals(Integer.valueOf(2), Format.PROTOBUF.decode(frame(flagged)).get(0).params().getValue("flag"));
  }

  @Test
  void idsUseAllThirtyTwoBits() throws Exception {
    byte[] command = Protocol.Command.newBuilder().setId(-1).setPing(Protocol.PingRequest.newBuilder()).build()
        .toByteArray();
    assertEquals(0xFFFF_FFFFL, Format.PROTOBUF.decode(frame(command)).get(0).id());
  }

  @Test
  void dataThatIsNotJsonIsKeptAsBinary() throws Exception {
    byte[] raw = {(byte) 0xde, (byte) 0xad, 0x00};
    byte[] command = Protocol.Command.newBuilder().setId(1).setPublish(Protocol.PublishRequest.newBuilder()
        .setChannel("c").setData(ByteString.copyFrom(raw))).build().toByteArray();
    Object data = Format.PROTOBUF.decode(frame(command)).get(0).params().getValue("data");
    assertArrayEquals(raw, assertInstanceOf(BinaryPayload.class, data).bytes());
  }

  @Test
  void jsonFollowedByMoreTextIsNotJson() throws Exception {
    byte[] command = Protocol.Command.newBuilder().setId(1).setPublish(Protocol.PublishRequest.newBuilder()
        .setChannel("c").setData(json("{} {}"))).build().toByteArray();
    assertInstanceOf(BinaryPayload.class, Format.PROTOBUF.decode(frame(command)).get(0).params().getValue("data"));
  }

  @Test
  void emptyDataIsNoData() throws Exception {
    byte[] command = Protocol.Command.newBuilder().setId(1).setPublish(Protocol.PublishRequest.newBuilder()
        .setChannel("c")).build().toByteArray();
    assertFalse(Format.PROTOBUF.decode(frame(command)).get(0).params().containsKey("data"));
  }

  @Test
  void aTagFilterIsSeenAsPresent() throws Exception {
    // id 1, subscribe {channel "c", tf {key "k"}}: the SDK of this test predates tag filters, so written by hand.
    byte[] command = {0x08, 0x01, 0x2a, 0x08, 0x0a, 0x01, 'c', 0x6a, 0x03, 0x12, 0x01, 'k'};
    assertEquals(true, Format.PROTOBUF.decode(frame(command)).get(0).params().getValue("tf"));
  }

  // ---- replies -------------------------------------------------------------------------------------------------

  @Test
  void connectResultReadsBackInTheSdk() throws Exception {
    JsonObject result = new JsonObject().put("client", "c1").put("version", "0.1.0").put("ping", 25)
        .put("pong", true).put("expires", true).put("ttl", 60L);
    Protocol.Reply reply = parseOne(Format.PROTOBUF.result(1, Method.CONNECT, result));
    assertEquals(1, reply.getId());
    Protocol.ConnectResult connect = reply.getConnect();
    assertEquals("c1", connect.getClient());
    assertEquals("0.1.0", connect.getVersion());
    assertEquals(25, connect.getPing());
    assertTrue(connect.getPong());
    assertTrue(connect.getExpires());
    assertEquals(60, connect.getTtl());
    assertFalse(reply.hasError());
  }

  @Test
  void anEmptyResultIsStillPresent() throws Exception {
    for (Method m : List.of(Method.SUBSCRIBE, Method.UNSUBSCRIBE, Method.PUBLISH, Method.PING)) {
      byte[] bytes = Format.PROTOBUF.result(5, m, new JsonObject());
      Protocol.Reply reply = parseOne(bytes);
      assertEquals(5, reply.getId());
      boolean present = switch (m) {
        case SUBSCRIBE -> reply.hasSubscribe();
        case UNSUBSCRIBE -> reply.hasUnsubscribe();
        case PUBLISH -> reply.hasPublish();
        default -> reply.hasPing();
      };
      assertTrue(present, () -> m + " result missing");
    }
  }

  @Test
  void errorsCarryCodeMessageAndTemporary() throws Exception {
    Protocol.Reply permanent = parseOne(Format.PROTOBUF.error(6, ReplyError.PERMISSION_DENIED));
    assertEquals(6, permanent.getId());
    assertEquals(103, permanent.getError().getCode());
    assertEquals("permission denied", permanent.getError().getMessage());
    assertFalse(permanent.getError().getTemporary());
    assertTrue(parseOne(Format.PROTOBUF.error(7, ReplyError.TOO_MANY_REQUESTS)).getError().getTemporary());
  }

  @Test
  void presenceCarriesConnInfoAsJsonBytes() throws Exception {
    JsonObject members = new JsonObject()
        .put("c1", new ClientInfo("alice", "c1", new JsonObject().put("name", "Alice")).toJson())
        .put("c2", new ClientInfo("bob", "c2", null).toJson());
    Protocol.Reply reply = parseOne(
        Format.PROTOBUF.result(2, Method.PRESENCE, new JsonObject().put("presence", members)));
    Protocol.ClientInfo alice = reply.getPresence().getPresenceMap().get("c1");
    assertEquals("alice", alice.getUser());
    assertEquals("c1", alice.getClient());
    assertEquals("{\"name\":\"Alice\"}", alice.getConnInfo().toStringUtf8());
    assertTrue(reply.getPresence().getPresenceMap().get("c2").getConnInfo().isEmpty());
  }

  @Test
  void presenceStatsReadBack() throws Exception {
    Protocol.Reply reply = parseOne(Format.PROTOBUF.result(3, Method.PRESENCE_STATS,
        new JsonObject().put("num_clients", 3).put("num_users", 2)));
    assertEquals(3, reply.getPresenceStats().getNumClients());
    assertEquals(2, reply.getPresenceStats().getNumUsers());
  }

  @Test
  void refreshResultReadsBack() throws Exception {
    Protocol.Reply reply = parseOne(Format.PROTOBUF.result(4, Method.REFRESH,
        new JsonObject().put("client", "c").put("version", "v").put("expires", true).put("ttl", 30L)));
    assertEquals("c", reply.getRefresh().getClient());
    assertEquals(30, reply.getRefresh().getTtl());
  }

  @Test
  void thePingIsAnEmptyReply() throws Exception {
    Protocol.Reply ping = parseOne(Format.PROTOBUF.pingFrame());
    assertEquals(0, ping.getId());
    assertFalse(ping.hasPush());
    assertEquals(Protocol.Reply.getDefaultInstance(), ping);
    assertTrue(Format.PROTOBUF.pingFrame() == Format.PROTOBUF.pingFrame(), "one shared array");
  }

  @Test
  void joinAndLeavePushesReadBack() throws Exception {
    JsonObject info = new ClientInfo("alice", "c1", "plain").toJson();
    Protocol.Push join = parseOne(Format.PROTOBUF.joinPush("room", info)).getPush();
    assertEquals("room", join.getChannel());
    assertEquals("alice", join.getJoin().getInfo().getUser());
    assertEquals("\"plain\"", join.getJoin().getInfo().getConnInfo().toStringUtf8());
    Protocol.Push leave = parseOne(Format.PROTOBUF.leavePush("room", info)).getPush();
    assertEquals("c1", leave.getLeave().getInfo().getClient());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hub.protocol.PublicationTest#payloads")
  void publicationPushCarriesTheExactDataAsJsonBytes(String name, Object data) throws Exception {
    ClientInfo publisher = new ClientInfo("alice", "c1", new JsonObject().put("n", 1));
    JsonObject tags = new JsonObject().put("k", "v");
    Publication publication = new Publication("chat:1", 7, "ep", Publication.encodePub(data, publisher, tags));
    byte[] frame = publication.push(Format.PROTOBUF);
    assertTrue(frame == publication.push(Format.PROTOBUF), "built once, then shared");
    Protocol.Push push = parseOne(frame).getPush();
    assertEquals("chat:1", push.getChannel());
    Protocol.Publication pub = push.getPub();
    assertEquals(data, io.vertx.core.json.Json.decodeValue(pub.getData().toStringUtf8()));
    assertEquals(7, pub.getOffset());
    assertEquals("alice", pub.getInfo().getUser());
    assertEquals("c1", pub.getInfo().getClient());
    assertEquals("{\"n\":1}", pub.getInfo().getConnInfo().toStringUtf8());
    assertEquals(java.util.Map.of("k", "v"), pub.getTagsMap());
  }

  @Test
  void jsonPushFramesConvertToProtobufPushes() throws Exception {
    Protocol.Push lost = parseOne(Format.PROTOBUF.fromJsonPush(
        ProtocolCodec.unsubscribePush("news", 2500, "position lost"))).getPush();
    assertEquals("news", lost.getChannel());
    assertEquals(2500, lost.getUnsubscribe().getCode());
    assertEquals("position lost", lost.getUnsubscribe().getReason());
    byte[] json = ProtocolCodec.leavePush("room", new ClientInfo("bob", "c2", null).toJson());
    assertTrue(Format.JSON.fromJsonPush(json) == json, "JSON frames pass through");
  }

  @Test
  void aBatchIsOneFrameOfDelimitedReplies() throws Exception {
    byte[] frame = Format.PROTOBUF.frame(List.of(
        Format.PROTOBUF.result(1, Method.SUBSCRIBE, new JsonObject()),
        Format.PROTOBUF.error(2, ReplyError.ALREADY_SUBSCRIBED),
        Format.PROTOBUF.result(3, Method.PUBLISH, new JsonObject())));
    List<Protocol.Reply> replies = parseAll(frame);
    assertEquals(List.of(1, 2, 3), replies.stream().map(Protocol.Reply::getId).toList());
    assertEquals(105, replies.get(1).getError().getCode());
  }

  @Test
  void aResultFieldMissingFromTheSchemaIsABugNotASilentDrop() {
    assertThrows(IllegalArgumentException.class,
        () -> Format.PROTOBUF.result(1, Method.SUBSCRIBE, new JsonObject().put("no_such_field", 1)));
  }

  @Test
  void jsonValuesOfEveryKindGoOutAsTheirJsonText() throws Exception {
    Object[] values = {new JsonObject().put("k", "v"), new JsonArray().add(1), "text", 42, 1.5, true, null};
    String[] texts = {"{\"k\":\"v\"}", "[1]", "\"text\"", "42", "1.5", "true", "null"};
    for (int i = 0; i < values.length; i++) {
      JsonObject result = new JsonObject().put("data", values[i]);
      Protocol.Reply reply = parseOne(Format.PROTOBUF.result(1, Method.RPC, result));
      assertEquals(texts[i], reply.getRpc().getData().toStringUtf8());
    }
  }

  @Test
  void theJsonFormatJoinsRepliesWithNewlines() {
    byte[] frame = Format.JSON.frame(List.of(
        Format.JSON.result(1, Method.SUBSCRIBE, new JsonObject()), Format.JSON.error(2, ReplyError.BAD_REQUEST)));
    String[] lines = new String(frame, StandardCharsets.UTF_8).split("\n", -1);
    assertEquals(2, lines.length);
    assertEquals(1, new JsonObject(lines[0]).getInteger("id"));
    assertNull(new JsonObject(lines[1]).getValue("subscribe"));
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private static ByteString json(String text) {
    return ByteString.copyFromUtf8(text);
  }

  static byte[] delimited(Protocol.Command... commands) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Protocol.Command c : commands) {
      c.writeDelimitedTo(out);
    }
    return out.toByteArray();
  }

  /** One command's bytes as a frame of one length-delimited command. */
  private static byte[] frame(byte[] command) {
    return ProtobufCodec.delimited(command);
  }

  private static Protocol.Reply parseOne(byte[] frame) throws IOException {
    List<Protocol.Reply> all = parseAll(frame);
    assertEquals(1, all.size());
    return all.get(0);
  }

  /** Reads a frame the way centrifuge-java does: delimited replies until the bytes run out. */
  static List<Protocol.Reply> parseAll(byte[] frame) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(frame);
    List<Protocol.Reply> replies = new ArrayList<>();
    while (in.available() > 0) {
      replies.add(Protocol.Reply.parseDelimitedFrom(in));
    }
    return replies;
  }
}
