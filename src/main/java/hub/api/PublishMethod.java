package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code publish}: {@code {"channel","data"|"b64data","tags"?,"idempotency_key"?}}; on a channel with history the
 * result is {@code {"offset","epoch"}}. Thread-safe.
 */
final class PublishMethod implements ApiMethod {

  private final ApiPublisher publisher;

  PublishMethod(ApiPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public String name() {
    return "publish";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    return publisher.publish(ApiRequest.string(request, "channel"), ApiRequest.data(request), ApiRequest.tags(request),
        ApiRequest.optionalString(request, "idempotency_key"));
  }
}
