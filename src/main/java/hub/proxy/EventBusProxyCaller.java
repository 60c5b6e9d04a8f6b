package hub.proxy;

import hub.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A proxy on the event bus: a request/reply to whatever consumes the address, on any node of the cluster. The
 * request kind and the allow-listed upgrade headers travel as message headers, so one consumer can serve several
 * kinds. A reply whose encoded body is over {@code maxReplyBytes} is a failed call: the clustered event bus has no
 * per-message cap, so the message has arrived by then, but the hub neither keeps nor forwards it. Thread-safe.
 */
final class EventBusProxyCaller implements ProxyCaller {

  /** Message header naming the request kind (connect, rpc...). */
  static final String KIND_HEADER = "hub-proxy-kind";

  private final EventBus bus;
  private final ProxyConfig config;

  EventBusProxyCaller(EventBus bus, ProxyConfig config) {
    this.bus = bus;
    this.config = config;
  }

  @Override
  public Future<ProxyReply> call(String kind, JsonObject request, Map<String, String> headers) {
    return bus.request(config.address(), request, options(kind, headers).setSendTimeout(config.timeout().toMillis()))
        .map(msg -> withinBound(msg.body()) ? ProxyReplies.parse(msg.body()) : ProxyReply.UNAVAILABLE)
        .otherwise(ProxyReplies::failure);
  }

  @Override
  public Future<Void> send(String kind, JsonObject request, Map<String, String> headers) {
    bus.send(config.address(), request, options(kind, headers));
    return Future.succeededFuture();
  }

  private boolean withinBound(Object body) {
    if (body instanceof JsonObject json) {
      return json.toBuffer().length() <= config.maxReplyBytes();
    }
    return true; // not an object: ProxyReplies maps it to error 100 anyway
  }

  private DeliveryOptions options(String kind, Map<String, String> headers) {
    DeliveryOptions o = new DeliveryOptions().addHeader(KIND_HEADER, kind);
    for (String name : config.httpHeaders()) {
      String value = headers.get(name);
      if (value != null) {
        o.addHeader(name, value);
      }
    }
    return o;
  }
}
