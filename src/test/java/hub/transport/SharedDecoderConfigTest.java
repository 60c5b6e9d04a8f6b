package hub.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedDecoderConfigTest {

  private static WebSocketDecoderConfig config(int maxPayload) {
    return WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxPayload).expectMaskedFrames(true)
        .allowMaskMismatch(false).allowExtensions(false).build();
  }

  @Test
  void stillFindsTheDecodersConfigField() {
    // A Netty upgrade that renames it would otherwise cost every socket its own config again, silently.
    assertTrue(SharedDecoderConfig.available());
  }

  @Test
  void decodersWithEqualConfigsShareOneAndADifferentOneKeepsItsOwn() {
    WebSocketDecoderConfig first = SharedDecoderConfig.share(new WebSocket13FrameDecoder(config(65_001)));
    WebSocket13FrameDecoder second = new WebSocket13FrameDecoder(config(65_001));
    assertSame(first, SharedDecoderConfig.share(second));
    WebSocketDecoderConfig other = SharedDecoderConfig.share(new WebSocket13FrameDecoder(config(65_002)));
    assertNotSame(first, other);
    assertEquals(65_002, other.maxFramePayloadLength());
  }

  @Test
  void aSharedConfigDecodesWithItsValues() {
    // The shared config is the one the decoder reads: a frame over its payload limit is still refused.
    WebSocket13FrameDecoder decoder = new WebSocket13FrameDecoder(config(4));
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    SharedDecoderConfig.share(ch.pipeline());
    // a masked text frame with an 8-byte payload (over the limit of 4)
    byte[] frame = {(byte) 0x81, (byte) 0x88, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4};
    assertThrows(io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException.class,
        () -> ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(frame)));
    ch.finishAndReleaseAll();
  }
}
