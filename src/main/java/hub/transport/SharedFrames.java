package hub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns the hub's text payloads into complete, ready-to-send WebSocket frames, and lets every subscriber of a
 * publication send the very same bytes. Frames from a server are never masked (RFC 6455, section 5.1), so header and
 * payload are identical for every receiver: a fan-out loop frames its payload once into a direct buffer and each
 * socket writes a retained duplicate of it, with no copy and no per-socket encoding. One instance per event loop,
 * confined to it.
 *
 * <p>The cache is keyed by array identity: callers pass the same array to every subscriber of one publication
 * (and the same constant for every ping), so a hit means "the frame just built for this array".
 */
final class SharedFrames {

  private static final int FIN_TEXT = 0x81;
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private final ByteBufAllocator allocator;
  private byte[] lastPayload;
  private ByteBuf lastFrame;

  SharedFrames(ByteBufAllocator allocator) {
    this.allocator = allocator;
  }

  /** A frame for {@code payload} that the caller owns (one reference, released by the channel once written). */
  ByteBuf frame(byte[] payload) {
    if (payload != lastPayload) {
      forget();
      lastFrame = encode(payload);
      lastPayload = payload;
    }
    return lastFrame.retainedDuplicate();
  }

  /** Drops the cached frame, so an idle loop keeps no buffer alive. */
  void forget() {
    if (lastFrame != null) {
      lastFrame.release();
      lastFrame = null;
      lastPayload = null;
    }
  }

  private ByteBuf encode(byte[] payload) {
    int length = payload.length;
    int header = length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf frame = allocator.directBuffer(header + length);
    frame.writeByte(FIN_TEXT);
    if (length < LENGTH_16) {
      frame.writeByte(length);
    } else if (length <= 0xFFFF) {
      frame.writeByte(LENGTH_16).writeShort(length);
    } else {
      frame.writeByte(LENGTH_64).writeLong(length);
    }
    return frame.writeBytes(payload);
  }
}
