package hub.session;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.cluster.PresenceStore;
import hub.config.ChannelOptions;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;


/**
 * The {@code presence} and {@code presence_stats} commands: cluster-wide membership of a presence-enabled channel,
 * for clients subscribed to it. The answer comes from the presence store, so it may complete later; the session
 * keeps the rest of the frame waiting, which keeps replies in command order. Stateless.
 */
final class PresenceHandler {

  private final ChannelPolicy policy;

  PresenceHandler(ChannelPolicy policy) {
    this.policy = policy;
  }

  Future<Boolean> handle(Session session, Command command, ReplyBatch replies) {
    if (!(command.params().getValue("channel") instanceof String raw) || raw.isEmpty()) {
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    ChannelName channel = ChannelName.parse(raw, policy.maxNameLength());
    ChannelOptions options = channel == null ? null : policy.optionsOf(channel);
    ReplyError refused = null;
    if (channel == null) {
      refused = ReplyError.BAD_REQUEST;
    } else if (options == null) {
      refused = ReplyError.UNKNOWN_CHANNEL;
    } else if (!options.presence()) {
      refused = ReplyError.NOT_AVAILABLE;
    } else if (!session.channels().contains(raw)) {
      refused = ReplyError.PERMISSION_DENIED; // presence is for the channel's own subscribers
    }
    if (refused != null) {
      replies.error(command.id(), refused);
      return null;
    }
    boolean stats = command.method() == Method.PRESENCE_STATS;
    // Read from the shard's config rather than injected: SessionShard, which builds this handler, is being split.
    int limit = session.shard().config().limits().maxPresenceMembers();
    Future<JsonObject> answer = stats ? session.shard().presence().stats(raw)
        : session.shard().presence().members(raw, limit).map(members -> new JsonObject().put("presence", members));
    return answer.map(result -> {
      replies.result(command.id(), command.method(), result);
      return true;
    }).otherwise(err -> {
      // A crowd too large to list is the client's limit (106, final); anything else is ours and temporary (100).
      replies.error(command.id(), err instanceof PresenceStore.TooManyMembers ? ReplyError.LIMIT_EXCEEDED
          : ReplyError.INTERNAL);
      return true;
    });
  }
}
