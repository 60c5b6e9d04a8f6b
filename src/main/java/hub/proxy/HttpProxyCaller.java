package hub.proxy;

import hub.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A proxy over HTTP: a JSON POST to the endpoint through the node's shared {@link HttpClient} (one kept-alive pool
 * per host), with the allow-listed upgrade headers forwarded as request headers, as Centrifugo does, so existing
 * proxy backends work unchanged. Anything but a 200 with a well-formed body of at most {@code maxReplyBytes} is a
 * failed call. The body is read chunk by chunk: the first chunk past the bound resets the request, which closes the
 * connection, so a backend cannot make the hub buffer or drain an endless answer. Thread-safe; each exchange runs on
 * the context of its caller.
 */
final class HttpProxyCaller implements ProxyCaller {

  /** The answer grew past {@code maxReplyBytes}; mapped to error 100 like a timeout. */
  static final class TooLarge extends RuntimeException {
    TooLarge(int maxBytes) {
      super("proxy reply over " + maxBytes + " bytes", null, false, false); // expected input: no stack trace
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final ProxyConfig config;

  HttpProxyCaller(Vertx vertx, HttpClient client, ProxyConfig config) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
  }

  @Override
  public Future<ProxyReply> call(String kind, JsonObject request, Map<String, String> headers) {
    return exchange(request, headers, true)
        .map(body -> body == null ? ProxyReply.UNAVAILABLE : ProxyReplies.parse(json(body)))
        .otherwise(ProxyReplies::failure);
  }

  @Override
  public Future<Void> send(String kind, JsonObject request, Map<String, String> headers) {
    return exchange(request, headers, false).mapEmpty();
  }

  /**
   * POSTs {@code request}; completes with the body of a 200 (empty when {@code keep} is false: a one-way message
   * keeps nothing), with null for any other status, or fails: connection refused, reset, over the bound, or past
   * {@code timeoutMs}, which bounds the whole exchange, connect included.
   */
  private Future<Buffer> exchange(JsonObject request, Map<String, String> headers, boolean keep) {
    Promise<Buffer> result = Promise.promise();
    AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
    long timer = vertx.setTimer(config.timeout().toMillis(), t -> {
      if (result.tryFail(new TimeoutException("proxy call over " + config.timeout().toMillis() + " ms"))) {
        reset(inFlight.get());
      }
    });
    result.future().onComplete(ar -> vertx.cancelTimer(timer));
    client.request(options(headers)).onFailure(result::tryFail).onSuccess(req -> {
      inFlight.set(req);
      if (result.future().isComplete()) {
        reset(req); // the timer fired while the connection was being made
        return;
      }
      req.send(request.toBuffer()).onFailure(result::tryFail)
          .onSuccess(resp -> read(req, resp, keep, result));
    });
    return result.future();
  }

  private void read(HttpClientRequest req, HttpClientResponse resp, boolean keep, Promise<Buffer> result) {
    int max = config.maxReplyBytes();
    Buffer body = Buffer.buffer();
    resp.exceptionHandler(result::tryFail);
    resp.handler(chunk -> {
      if (result.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        result.tryFail(new TooLarge(max));
        reset(req);
      } else if (keep) {
        body.appendBuffer(chunk);
      }
    });
    resp.endHandler(v -> result.tryComplete(resp.statusCode() == 200 ? body : null));
  }

  private RequestOptions options(Map<String, String> headers) {
    RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.endpoint())
        .setConnectTimeout(config.timeout().toMillis())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    for (String name : config.httpHeaders()) {
      String value = headers.get(name);
      if (value != null) {
        o.putHeader(name, value);
      }
    }
    return o;
  }

  private static void reset(HttpClientRequest req) {
    if (req != null) {
      req.reset(); // HTTP/1.x: closes the connection instead of returning it to the pool half read
    }
  }

  private static Object json(Buffer body) {
    try {
      return body.toJsonObject();
    } catch (RuntimeException e) {
      return null; // unparsable: mapped to error 100 like any other broken reply
    }
  }
}
