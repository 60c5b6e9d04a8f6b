package hub.proxy;

import io.vertx.core.json.JsonObject;

/**
 * The fields every proxy request carries (the Centrifugo proxy contract): {@code client}, {@code transport},
 * {@code protocol}, {@code encoding}, and after connect {@code user} and, when the connect proxy set it,
 * {@code meta}. Kinds add their own fields to the object returned. Stateless.
 */
public final class ProxyRequests {

  private ProxyRequests() {
  }

  /**
   * @param transport {@code websocket}, {@code http_stream} or {@code sse}: how the client reached the hub
   * @param protocol {@code json} or {@code protobuf}, the session's wire format
   * @param user     the connected user, or null before connect
   * @param meta     what the connect proxy's {@code meta} said, or null
   */
  public static JsonObject base(String client, String transport, String protocol, String user, Object meta) {
    // Data is always JSON on this hub (a protobuf client's data must be JSON too), hence encoding json.
    JsonObject r = new JsonObject().put("client", client).put("transport", transport).put("protocol", protocol)
        .put("encoding", "json");
    if (user != null) {
      r.put("user", user);
    }
    if (meta != null) {
      r.put("meta", meta);
    }
    return r;
  }
}
