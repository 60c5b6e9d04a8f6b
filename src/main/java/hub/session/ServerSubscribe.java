package hub.session;

import hub.channel.ChannelName;
import hub.channel.ChannelOverride;
import hub.channel.ChannelPolicy;
import hub.config.ChannelOptions;
import hub.protocol.ProtocolCodec;
import hub.protocol.ReplyError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Server-side subscriptions: channels the server subscribes a session to, from the connection token's or connect
 * proxy's {@code channels} at connect (their results go in the connect result's {@code subs}) and from the server
 * API's {@code subscribe} later (a {@code subscribe} push). Permissions are not checked (the backend decided), the
 * namespace must exist. Each subscription is prepared first (a stream read for history channels), answered, and only
 * then joined, so the client never sees a publication of a channel before it knows it is subscribed. A positioned
 * server-side subscription that loses its position closes the connection with 3010 ({@link ShardFanout}). Stateless.
 */
final class ServerSubscribe {

  /** Unsubscribe code of the server API's unsubscribe (protocol.md 7): terminal for that subscription. */
  static final int UNSUBSCRIBE_CODE = 2000;
  static final String UNSUBSCRIBE_REASON = "server unsubscribe";

  /**
   * One prepared subscription.
   *
   * @param result  the channel's SubscribeResult
   * @param join    subscribes the session; run after the result went out
   * @param abandon gives the preparation back when the subscription will not be made
   */
  record Pending(JsonObject result, Runnable join, Runnable abandon) {
  }

  private final ChannelPolicy policy;
  private final StreamSubscribe streams;
  private final int channelLimit;

  ServerSubscribe(ChannelPolicy policy, StreamSubscribe streams, int channelLimit) {
    this.policy = policy;
    this.streams = streams;
    this.channelLimit = channelLimit;
  }

  /**
   * Null when the connect's server-side channels can be subscribed, else the refusal: 106 past the channel limit,
   * 107 for a bad name or a malformed {@code subs} entry (the client's recovery position), 102 for an unknown
   * namespace.
   */
  ReplyError check(List<String> channels, JsonObject clientSubs) {
    if (channels.size() > channelLimit) {
      return ReplyError.LIMIT_EXCEEDED;
    }
    for (String raw : channels) {
      ChannelName name = ChannelName.parse(raw, policy.maxNameLength());
      if (name == null) {
        return ReplyError.BAD_REQUEST;
      }
      ChannelOptions options = policy.optionsOf(name);
      if (options == null) {
        return ReplyError.UNKNOWN_CHANNEL;
      }
      Object asked = clientSubs == null ? null : clientSubs.getValue(raw);
      if (asked != null && !(asked instanceof JsonObject a && StreamSubscribe.validAsk(a, options))) {
        return ReplyError.BAD_REQUEST;
      }
    }
    return null;
  }

  /**
   * Whether every entry of a token's or connect proxy's {@code subs} is well-formed (its {@code override} above
   * all); the channels themselves are checked by {@link #check}.
   */
  static boolean wellFormed(JsonObject serverSubs) {
    for (String channel : serverSubs.fieldNames()) {
      if (!(serverSubs.getValue(channel) instanceof JsonObject entry)
          || ChannelOverride.parse(entry.getValue("override")) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Prepares every channel, in order; fails when one cannot be (every other preparation is then given back).
   *
   * @param serverSubs the identity's {@code subs}: per channel, the {@code info}, {@code data} and {@code override}
   *                   the backend gave it ({@link #wellFormed})
   * @param clientSubs the connect command's {@code subs}: per channel, where the client asks to recover from, or null
   */
  Future<List<Pending>> prepare(Session session, List<String> channels, JsonObject serverSubs, JsonObject clientSubs) {
    List<Future<Pending>> each = new ArrayList<>(channels.size());
    for (String raw : channels) {
      Object asked = clientSubs == null ? null : clientSubs.getValue(raw);
      Object given = serverSubs == null ? null : serverSubs.getValue(raw);
      each.add(prepareOne(session, raw, given instanceof JsonObject g ? g : new JsonObject(),
          asked instanceof JsonObject a ? a : new JsonObject()));
    }
    return Future.join(each).transform(ar -> {
      List<Pending> ready = new ArrayList<>(each.size());
      for (Future<Pending> f : each) {
        if (f.succeeded()) {
          ready.add(f.result());
        }
      }
      if (ar.failed()) {
        ready.forEach(p -> p.abandon().run());
        return Future.failedFuture(ar.cause());
      }
      return Future.succeededFuture(ready);
    });
  }

  private Future<Pending> prepareOne(Session session, String raw, JsonObject given, JsonObject asked) {
    ChannelOptions options = policy.optionsOf(ChannelName.parse(raw, policy.maxNameLength()));
    SubscriptionTraits traits = SubscriptionTraits.of(given.getValue("info"),
        ChannelOverride.parse(given.getValue("override")));
    Object data = given.getValue("data");
    if (StreamSubscribe.applies(options)) {
      return streams.prepare(session, raw, options, traits, asked).map(p -> data == null ? p
          : new Pending(p.result().put("data", data), p.join(), p.abandon()));
    }
    JsonObject result = data == null ? new JsonObject() : new JsonObject().put("data", data);
    return Future.succeededFuture(new Pending(result, () -> {
      session.channels().add(raw);
      session.shard().subscribe(raw, session, options, traits, false);
    }, () -> { }));
  }

  /** The connect result's {@code subs}: channel to SubscribeResult. */
  static JsonObject subs(List<String> channels, List<Pending> pending) {
    JsonObject subs = new JsonObject();
    for (int i = 0; i < channels.size(); i++) {
      subs.put(channels.get(i), pending.get(i).result());
    }
    return subs;
  }

  /** Joins every prepared subscription; the results have been sent. */
  static void join(Session session, List<String> channels, List<Pending> pending) {
    for (int i = 0; i < channels.size(); i++) {
      pending.get(i).join().run();
      session.serverSide(channels.get(i), true);
    }
  }

  /**
   * The server API's subscribe for one live session: a {@code subscribe} push, then the subscription. A session
   * already subscribed, at its channel limit, or closed meanwhile is left as it is.
   */
  void subscribeLive(Session session, String channel) {
    if (session.state() != SessionState.ACTIVE || session.channels().contains(channel)
        || session.channels().size() >= channelLimit || check(List.of(channel), null) != null) {
      return;
    }
    prepare(session, List.of(channel), null, null).onSuccess(pending -> {
      if (session.state() != SessionState.ACTIVE || session.channels().contains(channel)) {
        pending.forEach(p -> p.abandon().run());
        return;
      }
      session.send(session.format().fromJsonPush(ProtocolCodec.subscribePush(channel, pending.get(0).result())));
      join(session, List.of(channel), pending);
    });
  }

  /** The server API's unsubscribe for one live session: an unsubscribe push (2000), then the subscription ends. */
  static void unsubscribeLive(Session session, String channel) {
    if (session.state() == SessionState.ACTIVE && session.channels().remove(channel)) {
      session.send(session.format().fromJsonPush(
          ProtocolCodec.unsubscribePush(channel, UNSUBSCRIBE_CODE, UNSUBSCRIBE_REASON)));
      session.shard().unsubscribe(channel, session);
    }
  }
}
