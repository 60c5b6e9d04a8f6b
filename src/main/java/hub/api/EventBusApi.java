package hub.api;

import hub.cluster.Addresses;
import hub.metrics.HubMetrics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The server API on the event bus for JVM services: request/reply on {@code hub.api.<method>} (served by every node)
 * and on {@code hub.node.<nodeId>.api.<method>} (this node only, for publishers that need their order kept; see
 * {@link Addresses#nodeApi}), with the same JSON bodies as HTTP. Registered once per node, so the cluster's
 * subscription map holds a fixed number of entries for it. A body that is not a JSON object is answered with error
 * 107; one that does not complete within {@code api.requestTimeoutMs} is failed with {@link #TIMEOUT_FAILURE}. Each consumer takes its requests in arrival order, and a publication is handed to the broker before the next
 * request is taken. Thread-safe: its consumers run on the context they were registered from and share nothing
 * mutable.
 */
public final class EventBusApi {

  /**
   * The failure code of a request that did not complete within {@code api.requestTimeoutMs} (as HTTP's 504): the
   * requester's future fails with a {@code ReplyException} of type RECIPIENT_FAILURE and this code.
   */
  public static final int TIMEOUT_FAILURE = 504;

  private final ApiExecutor executor;
  private final HubMetrics metrics;

  public EventBusApi(ApiExecutor executor, HubMetrics metrics) {
    this.executor = executor;
    this.metrics = metrics;
  }

  /** Registers both address families for every method; completes once they are visible cluster-wide. */
  public Future<Void> register(EventBus bus, String nodeId) {
    List<Future<Void>> ready = new ArrayList<>();
    for (String method : executor.methods()) {
      for (String address : List.of(Addresses.API_PREFIX + method, Addresses.nodeApi(nodeId, method))) {
        MessageConsumer<Object> consumer = bus.consumer(address, msg -> serve(method, msg));
        ready.add(consumer.completion());
      }
    }
    return Future.all(ready).mapEmpty();
  }

  private void serve(String method, Message<Object> msg) {
    Object body = msg.body();
    if (body != null && !(body instanceof JsonObject)) {
      metrics.apiRequest(method, "bad_body");
      msg.reply(ApiError.BAD_REQUEST.response());
      return;
    }
    executor.execute(method, body == null ? new JsonObject() : (JsonObject) body).onComplete(ar -> {
      if (ar.failed() && ar.cause() instanceof ApiDeadline.Expired) {
        metrics.apiRequest(method, "timeout");
        msg.fail(TIMEOUT_FAILURE, "request timeout: " + method + " " + ar.cause().getMessage());
        return;
      }
      JsonObject response = ar.succeeded() ? ar.result() : ApiError.INTERNAL.response();
      metrics.apiRequest(method, response.containsKey("error") ? "error" : "ok");
      msg.reply(response);
    });
  }
}
