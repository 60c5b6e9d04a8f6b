package hub.api;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.cluster.PresenceStore;
import hub.config.ChannelOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code presence} ({@code {"presence":{client: info}}}) and {@code presence_stats} ({@code num_clients},
 * {@code num_users}) of one channel, cluster-wide; 108 where the namespace keeps no presence. Thread-safe.
 */
final class PresenceMethod implements ApiMethod {

  private final ChannelPolicy policy;
  private final PresenceStore presence;
  private final boolean stats;
  private final int limit;

  private PresenceMethod(ChannelPolicy policy, PresenceStore presence, boolean stats, int limit) {
    this.policy = policy;
    this.presence = presence;
    this.stats = stats;
    this.limit = limit;
  }

  /** @param limit members a reply may list (limits.maxPresenceMembers); more is error 106 */
  static PresenceMethod members(ChannelPolicy policy, PresenceStore presence, int limit) {
    return new PresenceMethod(policy, presence, false, limit);
  }

  static PresenceMethod stats(ChannelPolicy policy, PresenceStore presence) {
    return new PresenceMethod(policy, presence, true, Integer.MAX_VALUE);
  }

  @Override
  public String name() {
    return stats ? "presence_stats" : "presence";
  }

  @Override
  public Future<JsonObject> call(JsonObject request) {
    String channel = ApiRequest.string(request, "channel");
    ChannelName name = ChannelName.parse(channel, policy.maxNameLength());
    if (name == null) {
      throw new ApiRefusal(ApiError.BAD_REQUEST);
    }
    ChannelOptions options = policy.optionsOf(name);
    if (options == null) {
      throw new ApiRefusal(ApiError.UNKNOWN_CHANNEL);
    }
    if (!options.presence()) {
      throw new ApiRefusal(ApiError.NOT_AVAILABLE);
    }
    if (stats) {
      return presence.stats(channel);
    }
    return presence.members(channel, limit).map(members -> new JsonObject().put("presence", members))
        .recover(err -> err instanceof PresenceStore.TooManyMembers
            ? Future.failedFuture(new ApiRefusal(ApiError.LIMIT_EXCEEDED)) : Future.failedFuture(err));
  }
}
