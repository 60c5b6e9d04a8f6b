package hub.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;

import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * The chosen Vert.x transport, unchanged but for one thing: every accepted socket shares one read-size allocator.
 * Netty gives each channel's config its own {@link AdaptiveRecvByteBufAllocator} (32 B in the 5,000-connection heap
 * dump, bench/results/perf6) unless the server bootstrap names one; the allocator is only a factory of per-channel
 * handles, which keep the adaptive state, so one with Netty's default sizes (64 B to 64 KiB, starting at 2 KiB) reads
 * exactly as before. Where Vert.x already names one (a fixed allocator when {@code receiveBufferSize} is set) that
 * one is kept. Stateless; safe from any thread.
 */
final class SharedReadAllocator implements Transport {

  /** Shared by every accepted socket of every server on this transport. */
  static final RecvByteBufAllocator SHARED = new AdaptiveRecvByteBufAllocator();

  private final Transport delegate;

  private SharedReadAllocator(Transport delegate) {
    this.delegate = delegate;
  }

  /** {@code chosen} with the shared allocator; its name and availability are the chosen transport's. */
  static io.vertx.core.transport.Transport wrap(io.vertx.core.transport.Transport chosen) {
    Transport wrapped = new SharedReadAllocator(chosen.implementation());
    return new io.vertx.core.transport.Transport() {
      @Override
      public String name() {
        return chosen.name();
      }

      @Override
      public boolean available() {
        return chosen.available();
      }

      @Override
      public Throwable unavailabilityCause() {
        return chosen.unavailabilityCause();
      }

      @Override
      public Transport implementation() {
        return wrapped;
      }
    };
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    delegate.configure(options, domainSocket, bootstrap);
    if (!bootstrap.config().childOptions().containsKey(ChannelOption.RCVBUF_ALLOCATOR)) {
      bootstrap.childOption(ChannelOption.RCVBUF_ALLOCATOR, SHARED);
    }
  }

  @Override
  public boolean supportsDomainSockets() {
    return delegate.supportsDomainSockets();
  }

  @Override
  public boolean supportFileRegion() {
    return delegate.supportFileRegion();
  }

  @Override
  public boolean isAvailable() {
    return delegate.isAvailable();
  }

  @Override
  public Throwable unavailabilityCause() {
    return delegate.unavailabilityCause();
  }

  @Override
  public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public IoHandlerFactory ioHandlerFactory() {
    return delegate.ioHandlerFactory();
  }

  @Override
  public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
    return delegate.eventLoopGroup(type, threads, factory, ioRatio);
  }

  @Override
  public DatagramChannel datagramChannel() {
    return delegate.datagramChannel();
  }

  @Override
  public DatagramChannel datagramChannel(InternetProtocolFamily family) {
    return delegate.datagramChannel(family);
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return delegate.channelFactory(domainSocket);
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    return delegate.serverChannelFactory(domainSocket);
  }

  @Override
  public void configure(DatagramChannel channel, DatagramSocketOptions options) {
    delegate.configure(channel, options);
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
    delegate.configure(options, connectTimeout, domainSocket, bootstrap);
  }
}
