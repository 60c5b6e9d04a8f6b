package hub.api;

import hub.channel.ChannelPolicy;
import hub.config.ChannelOptions;
import hub.stream.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code history_remove}: {@code {"channel"}} → {@code {}}. Drops the channel's publications and keeps its epoch and
 * top offset, so a client recovering across the removal is told it did not recover. Thread-safe.
 */
final class HistoryRemoveMethod implements ApiMethod {

  private final ChannelPolicy policy;
  private final StreamPublisher streams;

  HistoryRemoveMethod(ChannelPolicy policy, StreamPublisher streams) {
    this.policy = policy;
    this.streams = streams;
  }

  @Override
  public String name() {
    return "history_remove";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    String channel = ApiRequest.string(request, "channel");
    ChannelOptions options = HistoryMethod.historyChannel(policy, channel);
    return streams.calls().time("remove", () -> streams.store().remove(channel, options.history()))
        .map(v -> new JsonObject());
  }
}
