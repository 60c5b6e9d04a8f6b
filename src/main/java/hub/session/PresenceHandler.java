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
    return session.shard().presence().members(raw).map(members -> {
      replies.result(command.id(), command.method(), stats ? PresenceStore.stats(members) : new JsonObject().put("presence", members));
      return true;
    }).otherwise(err -> {
      replies.error(command.id(), ReplyError.INTERNAL);
      return true;
    });
  }
}
