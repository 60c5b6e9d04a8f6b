package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One server API method: reads its request, does its work, produces its result. Served alike over HTTP and the event
 * bus through {@link ApiExecutor}. A request it cannot serve is refused with {@link ApiRefusal}, thrown or as the
 * future's failure. Implementations are thread-safe.
 */
interface ApiMethod {

  /** The method's name in {@code /api/<name>} and {@code hub.api.<name>}. */
  String name();

  /** The {@code result} object of a successful call. */
  Future<JsonObject> call(JsonObject request);

  /** The response body carrying a successful call's value: {@code {"result":value}} for every method but batch. */
  default JsonObject respond(JsonObject value) {
    return ApiExecutor.result(value);
  }
}
