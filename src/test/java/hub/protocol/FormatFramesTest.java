package hub.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;

/** A connection may keep only whether its frames are binary: that flag must name its format again. */
class FormatFramesTest {

  @Test
  void eachKindOfFrameNamesOneFormat() {
    for (Format f : Format.values()) {
      assertSame(f, Format.ofFrames(f.binary()), f + " must be the only format with binary() = " + f.binary());
    }
  }
}
