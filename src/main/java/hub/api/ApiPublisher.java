package hub.api;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.cluster.Broker;
import hub.protocol.Publication;
import hub.protocol.ReplyError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Publishes on behalf of the server API, which may publish into any channel of a configured namespace. Shared by
 * {@code publish}, {@code broadcast} and {@code batch}. Thread-safe.
 */
final class ApiPublisher {

  private final Broker broker;
  private final ChannelPolicy policy;

  ApiPublisher(Broker broker, ChannelPolicy policy) {
    this.broker = broker;
    this.policy = policy;
  }

  /** The {@code publish} result for one channel; refused with 107 for a bad name, 102 for an unknown namespace. */
  Future<JsonObject> publish(String channel, Object data, JsonObject tags) {
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    if (policy.checkApiPublish(name) == ReplyError.UNKNOWN_CHANNEL) {
      throw new ApiRefusal(ApiError.UNKNOWN_CHANNEL);
    }
    broker.publish(new Publication(channel, 0, null, Publication.encodePub(data, null, tags)));
    return Future.succeededFuture(new JsonObject());
  }
}
