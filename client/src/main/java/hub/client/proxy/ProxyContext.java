package hub.client.proxy;

import java.util.Map;

/**
 * What every proxy request says about the connection it is for (the Centrifugo proxy contract). Immutable.
 *
 * @param client    the connection's id
 * @param transport {@code websocket}
 * @param protocol  the connection's wire format, {@code json} or {@code protobuf}
 * @param encoding  the data encoding, {@code json}
 * @param user      the connected user; null on a connect request ({@code ""} for an anonymous connection)
 * @param meta      what the connect proxy's result set as {@code meta}, or null
 * @param headers   the upgrade request's headers that the proxy's {@code httpHeaders} forwards, by lower-case name
 */
public record ProxyContext(String client, String transport, String protocol, String encoding, String user,
                           Object meta, Map<String, String> headers) {

  public ProxyContext {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A header by name, whatever its case; null when not forwarded. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}
