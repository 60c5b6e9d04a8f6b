package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/** {@code info}: every node of the cluster with its figures. Thread-safe. */
final class InfoMethod implements ApiMethod {

  private final Supplier<Future<JsonObject>> nodesInfo;

  /** @param nodesInfo produces {@code {"nodes":[...]}} */
  InfoMethod(Supplier<Future<JsonObject>> nodesInfo) {
    this.nodesInfo = nodesInfo;
  }

  @Override
  public String name() {
    return "info";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    return nodesInfo.get();
  }
}
