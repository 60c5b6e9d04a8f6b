package hub.transport;

import hub.config.HttpConfig.NetTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedReadAllocatorTest {

  @Test
  void acceptedSocketsShareOneAllocatorAndKeepVertxsOtherOptions() {
    Transport t = TransportChoice.resolve(NetTransport.NIO);
    assertEquals("nio", t.name());
    assertTrue(t.available());
    ServerBootstrap b = new ServerBootstrap();
    t.implementation().configure(new NetServerOptions().setTcpNoDelay(true), false, b);
    assertSame(SharedReadAllocator.SHARED, b.config().childOptions().get(ChannelOption.RCVBUF_ALLOCATOR));
    assertEquals(Boolean.TRUE, b.config().childOptions().get(ChannelOption.TCP_NODELAY));
  }

  @Test
  void aReceiveBufferSizeKeepsTheFixedAllocatorVertxSets() {
    ServerBootstrap b = new ServerBootstrap();
    TransportChoice.resolve(NetTransport.NIO).implementation()
        .configure(new NetServerOptions().setReceiveBufferSize(8192), false, b);
    assertInstanceOf(FixedRecvByteBufAllocator.class, b.config().childOptions().get(ChannelOption.RCVBUF_ALLOCATOR));
  }
}
