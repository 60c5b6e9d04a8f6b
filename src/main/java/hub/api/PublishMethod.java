package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code publish}: {@code {"channel","data"|"b64data","tags"?}}. Thread-safe. */
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
    return publisher.publish(ApiRequest.string(request, "channel"), ApiRequest.data(request), ApiRequest.tags(request));
  }
}
