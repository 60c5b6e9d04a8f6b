package hub.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Gives each upgraded socket's WebSocket frame decoder one shared, equal {@link WebSocketDecoderConfig} instead of the
 * one Vert.x 5.0.7 builds per handshake from the same server options (24 B a socket in the 5,000-connection heap
 * dump, bench/results/perf6). The config is immutable and read by the decoder on every frame, so an equal one
 * decodes exactly the same. Needs reflection on the decoder's private field; if a later Netty renames it, nothing is
 * changed and one warning is logged. At most {@link #MAX_SHAPES} distinct configs are kept; any further one is left
 * alone. Thread-safe (the per-socket call runs on the socket's event loop).
 */
final class SharedDecoderConfig {

  private static final System.Logger LOG = System.getLogger(SharedDecoderConfig.class.getName());
  static final int MAX_SHAPES = 8;
  private static final Field CONFIG = find();
  /** Keyed by every value the config holds (its {@code toString} names all six). */
  private static final Map<String, WebSocketDecoderConfig> SHAPES = new ConcurrentHashMap<>();

  private SharedDecoderConfig() {
  }

  private static Field find() {
    try {
      Field f = WebSocket08FrameDecoder.class.getDeclaredField("config");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "Netty internals changed; each WebSocket keeps its own decoder config: " + e);
      return null;
    }
  }

  static boolean available() {
    return CONFIG != null;
  }

  /** Replaces the config of the pipeline's WebSocket decoder, if it has one, by the shared equal one. */
  static void share(ChannelPipeline pipeline) {
    if (CONFIG == null) {
      return;
    }
    for (Map.Entry<String, ChannelHandler> e : pipeline) {
      if (e.getValue() instanceof WebSocket08FrameDecoder decoder) {
        share(decoder);
        return;
      }
    }
  }

  /** The config {@code decoder} now reads (shared, or its own when the table is full). */
  static WebSocketDecoderConfig share(WebSocket08FrameDecoder decoder) {
    try {
      WebSocketDecoderConfig own = (WebSocketDecoderConfig) CONFIG.get(decoder);
      String key = own.toString();
      WebSocketDecoderConfig shared = SHAPES.get(key);
      if (shared == null) {
        if (SHAPES.size() >= MAX_SHAPES) {
          return own;
        }
        shared = SHAPES.computeIfAbsent(key, k -> own);
      }
      if (shared != own) {
        CONFIG.set(decoder, shared);
      }
      return shared;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "could not share a WebSocket decoder's config: " + e);
      return null;
    }
  }
}
