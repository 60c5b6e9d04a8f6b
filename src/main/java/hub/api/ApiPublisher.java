package hub.api;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.config.ChannelOptions;
import hub.protocol.Publication;
import hub.stream.Streams;
import hub.stream.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Publishes on behalf of the server API, which may publish into any channel of a configured namespace. Shared by
 * {@code publish}, {@code broadcast} and {@code batch}. On a channel with history the result carries the
 * publication's {@code offset} and {@code epoch}. Thread-safe.
 */
final class ApiPublisher {

  private final StreamPublisher streams;
  private final ChannelPolicy policy;

  ApiPublisher(StreamPublisher streams, ChannelPolicy policy) {
    this.streams = streams;
    this.policy = policy;
  }

  /**
   * The {@code publish} result for one channel; refused with 107 for a bad name or key, 102 for an unknown
   * namespace; fails (error 100) when the stream store does not answer.
   *
   * @param idempotencyKey null for none
   */
  Future<JsonObject> publish(String channel, Object data, JsonObject tags, String idempotencyKey) {
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    ChannelOptions options = policy.optionsOf(name);
    if (options == null) {
      throw new ApiRefusal(ApiError.UNKNOWN_CHANNEL);
    }
    if (idempotencyKey != null && (idempotencyKey.isEmpty()
        || idempotencyKey.length() > Streams.MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    byte[] pub = Publication.encodePub(data, null, tags);
    return streams.publish(channel, options.history(), pub, idempotencyKey).map(appended -> appended == null
        ? new JsonObject()
        : new JsonObject().put("offset", appended.offset()).put("epoch", appended.epoch()));
  }
}
