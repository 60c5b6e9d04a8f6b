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
 * changed together, so the close routine can always undo exactly what was done. A subscribe with a token, or on a
 * namespace with a subscribe proxy, waits for {@link SubscribeAuth} before it is granted. Stateless.
 */
final class SubscribeHandler {

  private final ChannelPolicy policy;
  private final int channelLimit;
  private final StreamSubscribe streams;
  private final SubscribeAuth auth;

  SubscribeHandler(ChannelPolicy policy, int channelLimit, StreamSubscribe streams, SubscribeAuth auth) {
    this.policy = policy;
    this.channelLimit = channelLimit;
    this.streams = streams;
    this.auth = auth;
  }

  /** @return null when answered, or the future of a subscribe that waits for a token check, a proxy or a stream */
  Future<Boolean> subscribe(Session session, Command command, ReplyBatch replies) {
    JsonObject params = command.params();
    String raw = channelOf(params);
    if (raw == null) {
      session.close(CloseReason.BAD_REQUEST); // the SDK never sends a subscribe without a channel
      return null;
    }
    ChannelName channel = ChannelName.parse(raw, policy.maxNameLength());
    Object rawToken = params.getValue("token");
    if (channel == null || (rawToken != null && !(rawToken instanceof String))) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return null;
    }
    String token = rawToken == null || ((String) rawToken).isEmpty() ? null : (String) rawToken;
    ChannelOptions options = policy.optionsOf(channel);
    ReplyError refused = options == null ? ReplyError.UNKNOWN_CHANNEL
        : token == null ? policy.checkSubscribe(channel, session.user()) : null;
    if (refused == null) {
      refused = precheck(session, params, raw);
    }
    if (refused != null) {
      replies.error(command.id(), refused);
      return null;
    }
    if (token != null) {
      return then(auth.byToken(session, command, raw, token, replies), session, command, raw, options, replies);
    }
    String proxy = policy.subscribeProxyOf(channel);
    if (proxy != null) {
      return then(auth.byProxy(session, command, raw, proxy, options.proxies().subRefresh(), replies), session,
          command, raw, options, replies);
    }
    return grant(session, command, raw, options, SubscribeAuth.Terms.PLAIN, replies);
  }

  /** What refuses a subscribe whoever grants it; checked before any token check or proxy call is spent on it. */
  private ReplyError precheck(Session session, JsonObject params, String raw) {
    // Every field is read by its type: a value of another JSON type is the client's error (107), never ours.
    Object type = params.getValue("type");
    if (type != null && !(type instanceof Integer)) {
      return ReplyError.BAD_REQUEST;
    }
    if (type != null && (Integer) type != 0) {
      return ReplyError.PERMISSION_DENIED; // map subscriptions: not offered by this hub
    }
    if (params.getValue("tf") != null) {
      return ReplyError.BAD_REQUEST; // tag filters: not offered by this hub
    }
    if (session.channels().contains(raw)) {
      return ReplyError.ALREADY_SUBSCRIBED;
    }
    return session.channels().size() >= channelLimit ? ReplyError.LIMIT_EXCEEDED : null;
  }

  private Future<Boolean> then(Future<SubscribeAuth.Terms> granted, Session session, Command command, String raw,
                               ChannelOptions options, ReplyBatch replies) {
    return granted.compose(terms -> {
      if (terms == null) {
        return Future.succeededFuture(!session.isClosed());
      }
      ReplyError late = precheck(session, command.params(), raw); // a server-side subscribe may have come meanwhile
      if (late != null) {
        replies.error(command.id(), late);
        return Future.succeededFuture(true);
      }
      Future<Boolean> joined = grant(session, command, raw, options, terms, replies);
      return joined == null ? Future.succeededFuture(true) : joined;
    });
  }

  private Future<Boolean> grant(Session session, Command command, String raw, ChannelOptions options,
                                SubscribeAuth.Terms terms, ReplyBatch replies) {
    // join_leave is the client asking for join/leave pushes; whether it gets them is the channel's decision.
    boolean asked = Boolean.TRUE.equals(command.params().getValue("join_leave"));
    JsonObject fields = terms.resultFields(session.shard().clock().millis());
    if (StreamSubscribe.applies(options)) {
      return streams.subscribe(session, command, raw, options, terms.traits(), asked, fields, terms.term(), replies);
    }
    session.channels().add(raw);
    session.shard().subscribe(raw, session, options, terms.traits(), asked);
    if (terms.term() != null) {
      session.subscriptionTerm(raw, terms.term());
    }
    // Written before any publication of this channel can be: both go through this event loop, reply first.
    replies.result(command.id(), Method.SUBSCRIBE, fields);
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
