package hub.api;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.cluster.Broker;
import hub.cluster.UserSubscription;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code subscribe} and {@code unsubscribe}: {@code {"user","channel","client"?}} subscribes (or unsubscribes) every
 * live session of the user, on every node, server-side; the SDK sees a {@code subscribe} (or an unsubscribe 2000)
 * push. Sessions that connect later are not affected. Refused with 107 for a bad channel name, 102 for an unknown
 * namespace. Thread-safe.
 */
final class SubscribeMethod implements ApiMethod {

  private final boolean subscribe;
  private final ChannelPolicy policy;
  private final Broker broker;

  SubscribeMethod(boolean subscribe, ChannelPolicy policy, Broker broker) {
    this.subscribe = subscribe;
    this.policy = policy;
    this.broker = broker;
  }

  @Override
  public String name() {
    return subscribe ? "subscribe" : "unsubscribe";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    String user = ApiRequest.string(request, "user");
    String channel = ApiRequest.string(request, "channel");
    String client = ApiRequest.optionalString(request, "client");
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    if (policy.optionsOf(name) == null) {
      throw new ApiRefusal(ApiError.UNKNOWN_CHANNEL);
    }
    broker.subscription(new UserSubscription(subscribe, user, channel, client));
    return Future.succeededFuture(new JsonObject());
  }
}
