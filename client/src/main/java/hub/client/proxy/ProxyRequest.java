package hub.client.proxy;

/**
 * A request from one of the hub's proxies, decoded: one record per {@link ProxyKind}, each with the connection's
 * {@link ProxyContext}. Data fields hold a JSON value ({@code JsonObject}, {@code JsonArray}, String, Number,
 * Boolean) or null when the client sent none. Immutable.
 */
public sealed interface ProxyRequest {

  ProxyContext context();

  /** A client connecting without a token: {@code name} and {@code version} of its SDK, its connect {@code data}. */
  record Connect(ProxyContext context, String name, String version, Object data) implements ProxyRequest {
  }

  /** A proxy-admitted connection reached its {@code expire_at}. */
  record Refresh(ProxyContext context) implements ProxyRequest {
  }

  /** A client subscribing to {@code channel}, with the subscribe's {@code data}. */
  record Subscribe(ProxyContext context, String channel, Object data) implements ProxyRequest {
  }

  /** A client publishing {@code data} into {@code channel}. */
  record Publish(ProxyContext context, String channel, Object data) implements ProxyRequest {
  }

  /** A proxied subscription reached its {@code expire_at}. */
  record SubRefresh(ProxyContext context, String channel) implements ProxyRequest {
  }

  /** A client's {@code rpc}: its {@code method} ({@code ""} when none) and {@code data}. */
  record Rpc(ProxyContext context, String method, Object data) implements ProxyRequest {
  }

  /** A client's one-way {@code send}. */
  record Send(ProxyContext context, Object data) implements ProxyRequest {
  }
}
