package hub.transport;

import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Removes two per-socket costs that Vert.x 5.0.7 leaves behind on every upgraded WebSocket, both measured at 5,000
 * idle connections ({@code jmap -histo:live}, and a heap dump's paths to the objects):
 * <ul>
 *   <li>the WebSocket connection gets a multi-producer outbound queue whose first chunk is a 1,025-slot array (about
 *       4.7 KiB), although under strict thread mode only the accepting loop ever writes: it gets Vert.x's own direct
 *       queue instead, the one strict thread mode gives the HTTP connection;</li>
 *   <li>the channel's Vert.x handler keeps the factory that built the WebSocket connection, a lambda holding the
 *       handshake and through it the upgrade request, its response, headers and HTTP connection, and the HTTP
 *       pipeline's old handler (about 2.4 KiB): the factory is used once, when the handler joins the pipeline, so
 *       it is dropped;</li>
 *   <li>the socket keeps the handshake's request headers for its whole life: the gate read them before the upgrade,
 *       so the socket gets one shared, empty, read-only map instead (emptying its own left the entry table behind,
 *       80 B, and the map itself).</li>
 * </ul>
 * {@link #trim} also hands the socket to {@link SharedDecoderConfig}, {@link SharedLocalAddress} and
 * {@link CloseListeners}, each of which removes one more per-socket copy and says how in its own comment.
 * All need reflection on private fields. If a later Vert.x renames them, nothing is changed, one warning is logged
 * and the hub works as before, only heavier; {@link #available()} lets a test notice. Stateless; the per-socket call
 * runs on the socket's event loop.
 */
final class VertxFootprint {

  private static final System.Logger LOG = System.getLogger(VertxFootprint.class.getName());
  private static final VertxFootprint INSTANCE = find();

  private final Field queueField;
  private final Constructor<?> directQueue;
  private final Field factoryField;
  private final Field headersField;

  /** What every trimmed socket reports as its handshake headers: nothing, and nothing can be added. */
  static final MultiMap NO_HEADERS = HeadersMultiMap.httpHeaders().copy(false);

  private VertxFootprint(Field queueField, Constructor<?> directQueue, Field factoryField, Field headersField) {
    this.queueField = queueField;
    this.directQueue = directQueue;
    this.factoryField = factoryField;
    this.headersField = headersField;
  }

  private static VertxFootprint find() {
    try {
      Field queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      Class<?> direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue");
      Constructor<?> constructor = direct.getDeclaredConstructor(VertxConnection.class);
      Field factory = VertxHandler.class.getDeclaredField("connectionFactory");
      Field headers = Class.forName("io.vertx.core.http.impl.WebSocketImplBase").getDeclaredField("headers");
      queue.setAccessible(true);
      constructor.setAccessible(true);
      factory.setAccessible(true);
      headers.setAccessible(true);
      return new VertxFootprint(queue, constructor, factory, headers);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "Vert.x internals changed; WebSocket connections keep their full Vert.x footprint: " + e);
      return new VertxFootprint(null, null, null, null);
    }
  }

  static boolean available() {
    return INSTANCE.queueField != null;
  }

  /**
   * Lets {@code ws} forget its handshake headers: they are replaced by {@link #NO_HEADERS}, or emptied where the
   * field cannot be reached (a socket class this does not know).
   */
  static void dropHeaders(ServerWebSocket ws) {
    Field field = INSTANCE.headersField;
    if (field != null && field.getDeclaringClass().isInstance(ws)) {
      try {
        field.set(ws, NO_HEADERS);
        return;
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(WARNING, "could not drop a WebSocket's handshake headers: " + e);
      }
    }
    ws.headers().clear();
  }

  /** Trims a freshly upgraded socket; call before anything is written to it. */
  static void trim(VertxHandler<?> handler, VertxConnection connection) {
    INSTANCE.apply(handler, connection);
    SharedDecoderConfig.share(connection.channel().pipeline());
    SharedLocalAddress.share(connection.channel());
    CloseListeners.prune(connection.channel(), connection.closeFuture());
  }

  private void apply(VertxHandler<?> handler, VertxConnection connection) {
    if (queueField == null) {
      return;
    }
    try {
      if (!queueField.get(connection).getClass().equals(directQueue.getDeclaringClass())) {
        queueField.set(connection, directQueue.newInstance(connection));
      }
      factoryField.set(handler, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "could not trim a WebSocket connection: " + e);
    }
  }
}
