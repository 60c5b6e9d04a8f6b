package hub.session;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.config.ChannelOptions;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The {@code subscribe} and {@code unsubscribe} commands. The channel index and the session's own channel set are
 * changed together, so the close routine can always undo exactly what was done. Stateless.
 */
final class SubscribeHandler {

  private final ChannelPolicy policy;
  private final int channelLimit;
  private final StreamSubscribe streams;

  SubscribeHandler(ChannelPolicy policy, int channelLimit, StreamSubscribe streams) {
    this.policy = policy;
    this.channelLimit = channelLimit;
    this.streams = streams;
  }

  /** @return null when answered, or the future of a subscribe that reads the channel's stream first */
  Future<Boolean> subscribe(Session session, Command command, ReplyBatch replies) {
    JsonObject params = command.params();
    String raw = channelOf(params);
    if (raw == null) {
      session.close(CloseReason.BAD_REQUEST); // the SDK never sends a subscribe without a channel
      return null;
    }
    ChannelName channel = ChannelName.parse(raw, policy.maxNameLength());
    if (channel == null) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return null;
    }
    // Every field is read by its type: a value of another JSON type is the client's error (107), never ours.
    Object type = params.getValue("type");
    ReplyError refused = type != null && !(type instanceof Integer) ? ReplyError.BAD_REQUEST
        : policy.checkSubscribe(channel, session.user());
    if (refused == null && type != null && (Integer) type != 0) {
      refused = ReplyError.PERMISSION_DENIED; // map subscriptions: not offered by this hub
    }
    if (refused == null && params.getValue("tf") != null) {
      refused = ReplyError.BAD_REQUEST; // tag filters: not offered by this hub
    }
    if (refused == null && session.channels().contains(raw)) {
      refused = ReplyError.ALREADY_SUBSCRIBED;
    }
    if (refused == null && session.channels().size() >= channelLimit) {
      refused = ReplyError.LIMIT_EXCEEDED;
    }
    if (refused != null) {
      replies.error(command.id(), refused);
      return null;
    }
    ChannelOptions options = policy.optionsOf(channel);
    // join_leave is the client asking for join/leave pushes; whether it gets them is the channel's decision.
    boolean asked = Boolean.TRUE.equals(params.getValue("join_leave"));
    if (StreamSubscribe.applies(options)) {
      return streams.subscribe(session, command, raw, options, options.pushesJoinLeaveTo(asked), replies);
    }
    session.channels().add(raw);
    session.shard().subscribe(raw, session, options, options.pushesJoinLeaveTo(asked));
    // Written before any publication of this channel can be: both go through this event loop, reply first.
    replies.result(command.id(), Method.SUBSCRIBE, new JsonObject());
    return null;
  }

  void unsubscribe(Session session, Command command, ReplyBatch replies) {
    String raw = channelOf(command.params());
    if (raw == null) {
      session.close(CloseReason.BAD_REQUEST);
      return;
    }
    // Unsubscribing from a channel one is not in is a success: an error would make the SDK reconnect.
    if (session.channels().remove(raw)) {
      session.shard().unsubscribe(raw, session);
    }
    replies.result(command.id(), Method.UNSUBSCRIBE, new JsonObject());
  }

  private static String channelOf(JsonObject params) {
    Object channel = params.getValue("channel");
    return channel instanceof String s && !s.isEmpty() ? s : null;
  }
}
