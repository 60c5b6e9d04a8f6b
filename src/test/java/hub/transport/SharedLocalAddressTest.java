package hub.transport;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

class SharedLocalAddressTest {

  @Test
  void aChannelThatIsNotNativeIsLeftAsItIs() {
    // Only epoll's and io_uring's channels cache the address where the hub can reach it; any other channel is not
    // touched (NativeTransportIT carries a native node's traffic through the shared address).
    EmbeddedChannel ch = new EmbeddedChannel();
    java.net.SocketAddress before = ch.localAddress();
    assertFalse(SharedLocalAddress.share(ch));
    assertFalse(before != ch.localAddress());
    ch.finishAndReleaseAll();
  }
}
