package hub.api;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.config.ChannelOptions;
import hub.stream.HistoryRequest;
import hub.stream.StreamPublisher;
import hub.stream.StreamSlice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code history}: {@code {"channel","limit"?,"since"?:{"offset","epoch"},"reverse"?}} → {@code {"publications",
 * "epoch","offset"}}. Unlike the client command there is no cap: {@code limit} -1 reads every kept publication;
 * 0 or none gives the position only. 108 where the namespace keeps no history, 112 on another epoch. Thread-safe.
 */
final class HistoryMethod implements ApiMethod {

  private final ChannelPolicy policy;
  private final StreamPublisher streams;

  HistoryMethod(ChannelPolicy policy, StreamPublisher streams) {
    this.policy = policy;
    this.streams = streams;
  }

  @Override
  public String name() {
    return "history";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    String channel = ApiRequest.string(request, "channel");
    ChannelOptions options = historyChannel(policy, channel);
    HistoryRequest query = HistoryRequest.parse(request, -1);
    if (query == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    return streams.calls().time("read", () -> streams.store().read(channel, options.history(), query.query()))
        .map(slice -> answer(query, slice));
  }

  private static JsonObject answer(HistoryRequest query, StreamSlice slice) {
    if (!query.epochMatches(slice.epoch())) {
      throw new ApiRefusal(ApiError.UNRECOVERABLE_POSITION);
    }
    JsonArray pubs = new JsonArray();
    slice.publications().forEach(p -> pubs.add(p.pubJson()));
    return new JsonObject().put("publications", pubs).put("epoch", slice.epoch()).put("offset", slice.top());
  }

  /** The options of a channel with history; refuses a bad name (107), an unknown namespace (102), no history (108). */
  static ChannelOptions historyChannel(ChannelPolicy policy, String channel) {
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    ChannelOptions options = policy.optionsOf(name);
    if (options == null) {
      throw new ApiRefusal(ApiError.UNKNOWN_CHANNEL);
    }
    if (!options.history().enabled()) {
      throw new ApiRefusal(ApiError.NOT_AVAILABLE);
    }
    return options;
  }
}
