package bench.client;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load client's protobuf framing, against bytes laid out as client.proto defines them. */
class ProtoWireTest {

  private static Buffer field(int number, Buffer body) {
    Buffer b = Buffer.buffer().appendByte((byte) (number << 3 | 2)).appendByte((byte) body.length());
    return b.appendBuffer(body);
  }

  private static Buffer bytes(String s) {
    return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Buffer delimited(Buffer message) {
    return Buffer.buffer().appendByte((byte) message.length()).appendBuffer(message);
  }

  @Test
  void connectCommandIsIdThenTheConnectRequestLengthDelimited() {
    Buffer frame = ProtoWire.command(1, 4, ProtoWire.string(1, "tok"));
    // length 9 | id: field 1 varint 1 | connect: field 4, length 5 | token: field 1, length 3, "tok"
    assertArrayEquals(new byte[] {9, 0x08, 1, 0x22, 5, 0x0a, 3, 't', 'o', 'k'}, frame.getBytes());
  }

  @Test
  void readsThePublicationTimestampPastOtherFieldsAndTheSubscribeReplyInOneFrame() {
    long ts = Timestamps.nowMicros();
    Buffer info = field(5, field(1, bytes("u1"))); // Publication.info comes before data here: it must be skipped
    Buffer pub = info.appendBuffer(field(4, bytes("{\"ts\":" + ts + ",\"seq\":1}")));
    Buffer push = field(2, bytes("bench:tr0")).appendBuffer(field(4, pub));
    Buffer subscribed = Buffer.buffer(new byte[] {0x08, 2}).appendBuffer(field(6, Buffer.buffer()));
    Buffer frame = delimited(field(4, push)).appendBuffer(delimited(subscribed));

    LoadStats stats = new LoadStats();
    Session session = new Session(0, "bench:tr0", stats);
    new ProtoWire("secret").onBinary(session, frame);
    assertEquals(1, stats.delivered());
    assertTrue(session.ready().succeeded(), "the reply to id 2 completed the handshake");
  }

  @Test
  void anErrorReplyFailsTheHandshake() {
    Buffer error = Buffer.buffer(new byte[] {0x08, 1}).appendBuffer(field(2, Buffer.buffer(new byte[] {0x08, 101})));
    Session session = new Session(0, "bench:tr0", new LoadStats());
    new ProtoWire("secret").onBinary(session, delimited(error));
    assertTrue(session.ready().failed());
  }
}
