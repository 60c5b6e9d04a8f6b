package hub.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/** {@code channels}: active channels cluster-wide with their subscriber counts, {@code {"pattern"?}}. Thread-safe. */
final class ChannelsMethod implements ApiMethod {

  private final Function<String, Future<JsonObject>> channelCounts;

  /** @param channelCounts channel name to subscriber count for a glob pattern (null for all) */
  ChannelsMethod(Function<String, Future<JsonObject>> channelCounts) {
    this.channelCounts = channelCounts;
  }

  @Override
  public String name() {
    return "channels";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    String pattern = ApiRequest.optionalString(request, "pattern");
    return channelCounts.apply(pattern).map(counts -> {
      JsonObject channels = new JsonObject();
      counts.forEach(e -> channels.put(e.getKey(), new JsonObject().put("num_clients", e.getValue())));
      return new JsonObject().put("channels", channels);
    });
  }
}
