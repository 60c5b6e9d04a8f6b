package hub.proxy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * One transport to one backend: sends a request and maps whatever comes back to a {@link ProxyReply}. The returned
 * future always succeeds, and completes within the proxy's timeout (the transport enforces it). Thread-safe.
 */
interface ProxyCaller {

  /**
   * @param kind    connect, refresh, subscribe, publish, sub_refresh, rpc or send
   * @param headers the allow-listed upgrade-request headers of the session, lower-case names
   */
  Future<ProxyReply> call(String kind, JsonObject request, Map<String, String> headers);

  /** A one-way message (the client {@code send}); nothing comes back, failures are only counted. */
  Future<Void> send(String kind, JsonObject request, Map<String, String> headers);
}
