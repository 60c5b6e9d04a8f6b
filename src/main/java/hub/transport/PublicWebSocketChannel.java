package hub.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;

/**
 * {@link WebSocketChannel} over the public {@link ServerWebSocket} API only: the fallback for a Vert.x whose
 * internals {@link VertxWebSocketChannel} relies on have changed. What it gives up: each write builds its own frame
 * (no frame shared by every subscriber), the unsent byte count is only "past the limit or not" (Vert.x's write
 * queue, sized to {@code client.maxQueuedBytes}), and a cut is a WebSocket close, which Vert.x's closing timeout
 * ends if the peer never answers. Confined to the socket's event loop.
 */
final class PublicWebSocketChannel implements WebSocketChannel {

  private final ServerWebSocket ws;
  private final int maxQueuedBytes;

  PublicWebSocketChannel(ServerWebSocket ws, int maxQueuedBytes) {
    this.ws = ws;
    this.maxQueuedBytes = maxQueuedBytes;
    ws.setWriteQueueMaxSize(maxQueuedBytes);
  }

  @Override
  public void write(byte[] payload, boolean binary) {
    if (binary) {
      ws.writeFinalBinaryFrame(Buffer.buffer(payload));
    } else {
      ws.writeFinalTextFrame(new String(payload, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void flushNow() {
    // Nothing public flushes; Vert.x flushes at the end of the current read.
  }

  @Override
  public long pendingBytes() {
    // "Full" reads as the limit itself, so the session's check (queued + next frame > limit) cuts a slow consumer.
    return ws.writeQueueFull() ? maxQueuedBytes : 0;
  }

  @Override
  public void cut() {
    if (!ws.isClosed()) {
      ws.close();
    }
  }
}
