package hub.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns the hub's payloads into complete, ready-to-send WebSocket frames (text for JSON connections, binary for
 * protobuf ones), and lets every subscriber of a publication send the very same bytes. Frames from a server are never
 * masked (RFC 6455, section 5.1), so header and payload are identical for every receiver: a fan-out loop frames its
 * payload once into a direct buffer and each socket writes a retained duplicate of it, with no copy and no per-socket
 * encoding. One instance per event loop, confined to it.
 *
 * <p>The cache is keyed by array identity, with one slot per frame type: callers pass the same array to every
 * subscriber of one publication in one format (and the same constant for every ping), so a hit means "the frame just
 * built for this array". A channel with JSON and protobuf subscribers alternates between two payloads in one fan-out;
 * a slot each keeps that at one frame per format instead of one per subscriber.
 */
final class SharedFrames {

  private static final int FIN_TEXT = 0x81;
  private static final int FIN_BINARY = 0x82;
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private final ByteBufAllocator allocator;
  private final Slot text = new Slot();
  private final Slot binary = new Slot();

  /** The last payload framed with one opcode, and its frame. */
  private static final class Slot {
    byte[] payload;
    ByteBuf frame;

    void forget() {
      if (frame != null) {
        frame.release();
        frame = null;
        payload = null;
      }
    }
  }

  SharedFrames(ByteBufAllocator allocator) {
    this.allocator = allocator;
  }

  /** A text frame for {@code payload} that the caller owns (one reference, released by the channel once written). */
  ByteBuf frame(byte[] payload) {
    return frame(payload, false);
  }

  /** A text or binary frame for {@code payload} that the caller owns. */
  ByteBuf frame(byte[] payload, boolean isBinary) {
    Slot slot = isBinary ? binary : text;
    if (payload != slot.payload) {
      slot.forget();
      slot.frame = encode(payload, isBinary ? FIN_BINARY : FIN_TEXT);
      slot.payload = payload;
    }
    return slot.frame.retainedDuplicate();
  }

  /** Drops the cached frames, so an idle loop keeps no buffer alive. */
  void forget() {
    text.forget();
    binary.forget();
  }

  private ByteBuf encode(byte[] payload, int firstByte) {
    int length = payload.length;
    int header = length < LENGTH_16 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf frame = allocator.directBuffer(header + length);
    frame.writeByte(firstByte);
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
