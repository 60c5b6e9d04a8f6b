package hub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedFramesTest {

  private final SharedFrames frames = new SharedFrames(UnpooledByteBufAllocator.DEFAULT);

  /** Every length class of RFC 6455 section 5.2 (7-bit, 16-bit, 64-bit), at and around each boundary. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 300_000})
  void framesDecodeToTheSamePayloadInAStandardDecoder(int length) {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) 'x');
    ByteBuf frame = frames.frame(payload);

    // A client-side decoder: server frames arrive unmasked.
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(
        WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
    client.writeInbound(frame);
    TextWebSocketFrame decoded = client.readInbound();
    assertTrue(decoded.isFinalFragment());
    byte[] got = new byte[decoded.content().readableBytes()];
    decoded.content().readBytes(got);
    decoded.release();
    assertArrayEquals(payload, got);
    client.finishAndReleaseAll();
  }

  @Test
  void theSameArrayIsFramedOnceAndSharedByEveryWrite() {
    byte[] push = "{\"push\":{}}".getBytes(StandardCharsets.UTF_8);
    ByteBuf first = frames.frame(push);
    ByteBuf second = frames.frame(push);
    // Duplicates of one buffer: same memory, independent indexes, one reference each plus the cache's.
    assertEquals(first.unwrap(), second.unwrap());
    assertEquals(3, first.refCnt());
    first.release();
    second.release();
    frames.forget();
    assertEquals(0, first.unwrap().refCnt(), "the shared frame is freed once every write and the cache let go");
  }

  @Test
  void aNewArrayReleasesThePreviousFrame() {
    ByteBuf a = frames.frame(new byte[] {'a'});
    ByteBuf shared = a.unwrap();
    a.release();
    ByteBuf b = frames.frame(new byte[] {'b'});
    assertEquals(0, shared.refCnt());
    assertEquals('b', b.getByte(2));
    b.release();
    frames.forget();
  }
}
