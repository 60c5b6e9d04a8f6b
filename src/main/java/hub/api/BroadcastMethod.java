package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code broadcast}: one publication into several channels, {@code {"channels":[...],"data","tags"?}}; a response
 * per channel, in order, each a result or an error. Thread-safe.
 */
final class BroadcastMethod implements ApiMethod {

  private final ApiPublisher publisher;
  private final int maxChannels;

  BroadcastMethod(ApiPublisher publisher, int maxChannels) {
    this.publisher = publisher;
    this.maxChannels = maxChannels;
  }

  @Override
  public String name() {
    return "broadcast";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    JsonArray channels = ApiRequest.array(request, "channels");
    if (channels == null || channels.isEmpty()) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    if (channels.size() > maxChannels) {
      // Refused whole: one request may not fan out without bound (issue 10, item 10); the body size alone let
      // about 100,000 channels through.
      throw new ApiRefusal(ApiError.LIMIT_EXCEEDED);
    }
    Object data = ApiRequest.data(request);
    JsonObject tags = ApiRequest.tags(request);
    List<Future<JsonObject>> responses = new ArrayList<>(channels.size());
    for (Object c : channels) {
      responses.add(one(c, data, tags));
    }
    return Future.join(responses).transform(done -> {
      JsonArray out = new JsonArray();
      responses.forEach(f -> out.add(f.succeeded() ? ApiExecutor.result(f.result()) : ApiExecutor.failure(f.cause())));
      return Future.succeededFuture(new JsonObject().put("responses", out));
    });
  }

  private Future<JsonObject> one(Object channel, Object data, JsonObject tags) {
    try {
      if (!(channel instanceof String name) || name.isEmpty()) {
        throw new ApiRefusal(ApiError.BAD_REQUEST);
      }
      return publisher.publish(name, data, tags, null);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
