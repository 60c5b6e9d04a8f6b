package hub.transport;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.HostAndPort;

import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Lets every upgraded socket share one copy of the parts of its upgrade request line that are the same for nearly
 * all of them. Vert.x 5.0.7 keeps, per {@link ServerWebSocket}, its own {@code uri} and {@code path} strings and its
 * own {@code authority} (a {@link HostAndPort} and its host string): about 200 B per idle connection
 * (class histogram at 5,000 connections, bench/results/perf4). The hub serves a handful of WebSocket paths through
 * a handful of host names, so each value is replaced by an equal instance taken from a small cache; what the socket
 * reports does not change, only which object holds it.
 *
 * <p>A value is shared only while the cache has room ({@link #MAX_ENTRIES}): a URI with a query (a token in it,
 * say) is unique per client, would fill any cache and is left alone. The fields are private and final in Vert.x; if a
 * later Vert.x renames them, nothing is shared and one warning is logged. Thread-safe: every event loop calls
 * {@link #share} for its own sockets, the cache is concurrent.
 */
final class SharedRequestLine {

  private static final System.Logger LOG = System.getLogger(SharedRequestLine.class.getName());
  /** Distinct values kept; past this, new values stay per socket (a bounded cost, never a growing one). */
  static final int MAX_ENTRIES = 64;
  private static final SharedRequestLine INSTANCE = find();

  private final Field uri;
  private final Field path;
  private final Field authority;
  private final ConcurrentMap<Object, Object> values = new ConcurrentHashMap<>();

  private SharedRequestLine(Field uri, Field path, Field authority) {
    this.uri = uri;
    this.path = path;
    this.authority = authority;
  }

  private static SharedRequestLine find() {
    try {
      Class<?> impl = Class.forName("io.vertx.core.http.impl.ServerWebSocketImpl");
      Field uri = impl.getDeclaredField("uri");
      Field path = impl.getDeclaredField("path");
      Field authority = impl.getDeclaredField("authority");
      uri.setAccessible(true);
      path.setAccessible(true);
      authority.setAccessible(true);
      return new SharedRequestLine(uri, path, authority);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "Vert.x internals changed; WebSocket connections keep their own request line: " + e);
      return new SharedRequestLine(null, null, null);
    }
  }

  static boolean available() {
    return INSTANCE.uri != null;
  }

  /** Call on the socket's event loop once it is upgraded. */
  static void share(ServerWebSocket ws) {
    INSTANCE.apply(ws);
  }

  private void apply(ServerWebSocket ws) {
    if (uri == null || !uri.getDeclaringClass().isInstance(ws)) {
      return;
    }
    try {
      // Only a URI without a query is shared: with one it is as unique as the query.
      if (ws.query() == null) {
        replace(ws, uri);
      }
      replace(ws, path);
      replace(ws, authority);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(WARNING, "could not share a WebSocket's request line: " + e);
    }
  }

  private void replace(ServerWebSocket ws, Field field) throws IllegalAccessException {
    Object own = field.get(ws);
    Object shared = canonical(own);
    if (shared != own) {
      field.set(ws, shared);
    }
  }

  /**
   * The cache's instance equal to {@code value}, or {@code value} itself (which joins the cache while it has room).
   * Only strings and {@link HostAndPort} values, both immutable, are ever shared.
   */
  Object canonical(Object value) {
    if (!(value instanceof String) && !(value instanceof HostAndPort)) {
      return value;
    }
    Object known = values.get(value);
    if (known != null) {
      return known;
    }
    if (values.size() >= MAX_ENTRIES) {
      return value;
    }
    Object raced = values.putIfAbsent(value, value);
    return raced == null ? value : raced;
  }

  /** A cache of its own, for tests. */
  static SharedRequestLine forTest() {
    return new SharedRequestLine(null, null, null);
  }
}
