package hub.api;

import hub.cluster.Addresses;
import hub.metrics.HubMetrics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The server API on the event bus for JVM services: request/reply on {@code hub.api.<method>} with the same JSON
 * bodies as HTTP. Registered once per node. A body that is not a JSON object is answered with error 107.
 */
public final class EventBusApi {

  private final ApiExecutor executor;
  private final HubMetrics metrics;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  public EventBusApi(ApiExecutor executor, HubMetrics metrics) {
    this.executor = executor;
    this.metrics = metrics;
  }

  public Future<Void> register(EventBus bus) {
    List<Future<Void>> ready = new ArrayList<>();
    for (String method : ApiExecutor.METHODS) {
      MessageConsumer<Object> consumer = bus.consumer(Addresses.API_PREFIX + method, msg -> {
        Object body = msg.body();
        if (body != null && !(body instanceof JsonObject)) {
          metrics.apiRequest(method, "bad_body");
          msg.reply(ApiError.BAD_REQUEST.response());
          return;
        }
        executor.execute(method, body == null ? new JsonObject() : (JsonObject) body).onComplete(ar -> {
          JsonObject response = ar.succeeded() ? ar.result() : ApiError.INTERNAL.response();
          metrics.apiRequest(method, response.containsKey("error") ? "error" : "ok");
          msg.reply(response);
        });
      });
      consumers.add(consumer);
      ready.add(consumer.completion());
    }
    return Future.all(ready).mapEmpty();
  }

  public Future<Void> unregister() {
    List<Future<Void>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    consumers.clear();
    return Future.all(done).mapEmpty();
  }
}
