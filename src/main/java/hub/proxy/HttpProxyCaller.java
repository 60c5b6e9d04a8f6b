package hub.proxy;

import hub.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

import java.util.Map;

/**
 * A proxy over HTTP: a JSON POST to the endpoint through the node's shared {@link WebClient} (one kept-alive pool per
 * host), with the allow-listed upgrade headers forwarded as request headers, as Centrifugo does, so existing proxy
 * backends work unchanged. Anything but a 200 with a well-formed body is a failed call. Thread-safe.
 */
final class HttpProxyCaller implements ProxyCaller {

  private final WebClient client;
  private final ProxyConfig config;

  HttpProxyCaller(WebClient client, ProxyConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public Future<ProxyReply> call(String kind, JsonObject request, Map<String, String> headers) {
    return post(request, headers).map(resp -> {
      if (resp.statusCode() != 200) {
        return ProxyReply.UNAVAILABLE;
      }
      return ProxyReplies.parse(json(resp.body()));
    }).otherwise(ProxyReplies::failure);
  }

  @Override
  public Future<Void> send(String kind, JsonObject request, Map<String, String> headers) {
    return post(request, headers).mapEmpty();
  }

  private Future<io.vertx.ext.web.client.HttpResponse<Buffer>> post(JsonObject request, Map<String, String> headers) {
    // timeout() bounds the whole exchange (connect included), unlike idleTimeout().
    HttpRequest<Buffer> req = client.postAbs(config.endpoint()).timeout(config.timeout().toMillis());
    for (String name : config.httpHeaders()) {
      String value = headers.get(name);
      if (value != null) {
        req.putHeader(name, value);
      }
    }
    return req.sendJsonObject(request);
  }

  private static Object json(Buffer body) {
    if (body == null) {
      return null;
    }
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return null; // unparsable: mapped to error 100 like any other broken reply
    }
  }
}
