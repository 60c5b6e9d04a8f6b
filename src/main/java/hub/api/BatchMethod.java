package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code batch}: {@code {"commands":[{"publish":{...}},...],"parallel"?}}; the replies are keyed by method
 * ({@code {"publish":{...}}}) or an error, not wrapped in {@code result}. Commands run one after the other, each
 * once the one before has finished, so publications into one channel keep their order even where a stream
 * sequences them remotely; with {@code parallel: true} they all start at once. Thread-safe.
 */
final class BatchMethod implements ApiMethod {

  private final ApiExecutor executor;
  private final int maxCommands;

  BatchMethod(ApiExecutor executor, int maxCommands) {
    this.executor = executor;
    this.maxCommands = maxCommands;
  }

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    JsonArray commands = ApiRequest.array(request, "commands");
    if (commands == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    if (commands.size() > maxCommands) {
      throw new ApiRefusal(ApiError.LIMIT_EXCEEDED); // refused whole, before any command runs
    }
    List<Future<JsonObject>> replies = new ArrayList<>(commands.size());
    if (ApiRequest.flag(request, "parallel")) {
      for (Object c : commands) {
        replies.add(one(c));
      }
    } else {
      Future<JsonObject> previous = Future.succeededFuture();
      for (Object c : commands) {
        Future<JsonObject> next = previous.transform(ignored -> one(c));
        replies.add(next);
        previous = next;
      }
    }
    return Future.all(replies).map(all -> {
      JsonArray out = new JsonArray();
      replies.forEach(f -> out.add(f.result()));
      return new JsonObject().put("replies", out);
    });
  }

  /** Batch answers {@code {"replies":[...]}} at the top level, as Centrifugo does. */
  @Override
  public JsonObject respond(JsonObject value) {
    return value;
  }

  private Future<JsonObject> one(Object command) {
    if (!(command instanceof JsonObject c) || c.size() != 1 || !(c.iterator().next().getValue() instanceof JsonObject)) {
      return Future.succeededFuture(ApiError.BAD_REQUEST.response());
    }
    Map.Entry<String, Object> only = c.iterator().next();
    String method = only.getKey();
    if (name().equals(method) || !executor.serves(method)) {
      return Future.succeededFuture(ApiError.NOT_FOUND.response());
    }
    return executor.executeInBatch(method, (JsonObject) only.getValue()).map(r ->
        r.containsKey("error") ? r : new JsonObject().put(method, r.getValue("result")));
  }
}
