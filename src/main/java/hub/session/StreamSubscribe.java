package hub.session;

import hub.config.ChannelOptions;
import hub.config.ClientConfig;
import hub.config.HistoryOptions;
import hub.config.HistoryOptions.RecoveryMode;
import hub.metrics.HubMetrics;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.Publication;
import hub.protocol.ReplyError;
import hub.stream.Recovery;
import hub.stream.ShardStreams;
import hub.stream.StreamPublisher;
import hub.stream.StreamQuery;
import hub.stream.StreamSlice;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The subscribe of a channel with history: positioning, recovery, and joining the shard's ordered stream without
 * missing or repeating a publication. When the shard already follows the channel at a position the subscriber can
 * take as it is, it joins at once; otherwise it starts buffering live publications, reads the store, answers, and
 * only then joins (see {@link ShardStreams#commit}). Stateless; used on the shard's event loop.
 */
final class StreamSubscribe {

  /** Subscribe {@code flag} bit by which the SDK asks for error 112 instead of an unrecovered subscription. */
  static final int FLAG_REJECT_UNRECOVERED = 2;

  private final StreamPublisher streams;
  private final int recoveryLimit;
  private final HubMetrics metrics;

  StreamSubscribe(StreamPublisher streams, ClientConfig client, HubMetrics metrics) {
    this.streams = streams;
    this.recoveryLimit = client.recoveryMaxPublicationLimit();
    this.metrics = metrics;
  }

  /** What the client asked for, as far as this channel grants it. */
  private record Ask(boolean positioned, boolean recoverable, boolean recover, String epoch, long offset,
                     boolean rejectUnrecovered) {
  }

  /**
   * @param options        the namespace's options; {@code traits} may override positioning and recovery
   * @param traits         what the grant attached to the subscription
   * @param asked          the command's {@code join_leave}
   * @param fields         result fields the grant adds (expiry, data)
   * @param term           the subscription's term, or null when it does not expire
   * @return null when answered at once, else the future of the store read (true: the frame's other commands run)
   */
  Future<Boolean> subscribe(Session session, Command command, String channel, ChannelOptions options,
                            SubscriptionTraits traits, boolean asked, JsonObject fields,
                            SubscriptionExpiries.Term term, ReplyBatch replies) {
    Ask ask = ask(command.params(), traits.options(options).history());
    if (ask == null) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return null;
    }
    SessionShard shard = session.shard();
    ShardStreams<Session> shardStreams = shard.streams();
    ShardStreams.Position now = shardStreams.peek(channel);
    if (now != null && (!ask.recover || (ask.offset == now.offset() && sameEpoch(ask.epoch, now.epoch())))) {
      // The shard follows the channel and the client has nothing to catch up on: join at the shard's position.
      session.channels().add(channel);
      shard.subscribe(channel, session, options, traits, asked);
      if (term != null) {
        session.subscriptionTerm(channel, term);
      }
      shardStreams.joinNow(channel, session, ask.positioned);
      if (ask.recover) {
        metrics.recovery("recovered");
      }
      replies.result(command.id(), Method.SUBSCRIBE,
          result(fields, ask, now.epoch(), now.offset(),
              ask.recover ? new Recovery(true, java.util.List.of(), ask.offset) : null));
      return null;
    }
    HistoryOptions history = options.history();
    ShardStreams.Joiner<Session> joiner = shardStreams.join(channel, history, session, ask.positioned);
    session.joining(joiner);
    StreamQuery query = ask.recover ? Recovery.query(history.recoveryMode(), ask.offset, recoveryLimit)
        : StreamQuery.POSITION;
    return streams.calls().time("read", () -> streams.store().read(channel, history, query))
        .transform(ar -> Future.succeededFuture(
            joined(session, command, channel, options, traits, asked, fields, term, ask, joiner, ar, replies)));
  }

  /** The store answered (or failed): reply, then join. Runs on the shard's loop. */
  private boolean joined(Session session, Command command, String channel, ChannelOptions options,
                         SubscriptionTraits traits, boolean asked, JsonObject fields, SubscriptionExpiries.Term term,
                         Ask ask,
                         ShardStreams.Joiner<Session> joiner,
                         AsyncResult<StreamSlice> read, ReplyBatch replies) {
    if (!session.stopJoining(joiner)) {
      return false; // the session closed meanwhile; the close routine abandoned the joiner
    }
    ShardStreams<Session> shardStreams = session.shard().streams();
    if (read.failed() || joiner.overflowed()) {
      shardStreams.abandon(joiner);
      if (ask.recover) {
        metrics.recovery("error");
      }
      replies.error(command.id(), ReplyError.INTERNAL); // temporary: the SDK subscribes again
      return true;
    }
    StreamSlice slice = read.result();
    Recovery recovery = ask.recover ? Recovery.decide(options.history().recoveryMode(), ask.epoch, ask.offset, slice,
        recoveryLimit) : null;
    if (recovery != null) {
      metrics.recovery(recovery.recovered() ? "recovered" : "not_recovered");
      if (!recovery.recovered() && ask.rejectUnrecovered) {
        shardStreams.abandon(joiner);
        replies.error(command.id(), ReplyError.UNRECOVERABLE_POSITION);
        return true;
      }
    }
    replies.result(command.id(), Method.SUBSCRIBE, result(fields, ask, slice.epoch(), slice.top(), recovery));
    // The reply goes out before the subscription can receive anything: the SDK drops publications it gets for a
    // channel it does not yet consider subscribed.
    session.flush(replies);
    session.channels().add(channel);
    session.shard().subscribe(channel, session, options, traits, asked);
    if (term != null) {
      session.subscriptionTerm(channel, term);
    }
    shardStreams.commit(joiner, slice);
    return true;
  }

  /**
   * The stream half of a server-side subscription (connect {@code channels}, the server API): starts buffering the
   * channel's live publications, reads the store and completes with the result to send and the join to run once it
   * is sent; fails when the read failed (the joiner is then abandoned). The joiner stays with the session until the
   * join or abandon runs, so that a close meanwhile releases it. Positioning and recovery are the namespace's forced
   * ones, as {@code traits} override them; {@code asked} (the connect's {@code subs} entry) may ask to recover from a
   * position.
   */
  Future<ServerSubscribe.Pending> prepare(Session session, String channel, ChannelOptions options,
                                         SubscriptionTraits traits, JsonObject asked) {
    HistoryOptions granting = traits.options(options).history();
    Ask ask = ask(asked, granting);
    if (ask == null) {
      ask = ask(new JsonObject(), granting); // checked by the caller; never null for an empty entry
    }
    Ask granted = ask;
    HistoryOptions history = options.history();
    ShardStreams<Session> shardStreams = session.shard().streams();
    ShardStreams.Joiner<Session> joiner = shardStreams.join(channel, history, session, granted.positioned);
    session.joining(joiner);
    StreamQuery query = granted.recover ? Recovery.query(history.recoveryMode(), granted.offset, recoveryLimit)
        : StreamQuery.POSITION;
    return streams.calls().time("read", () -> streams.store().read(channel, history, query)).transform(ar -> {
      if (ar.failed() || joiner.overflowed()) {
        if (session.stopJoining(joiner)) {
          shardStreams.abandon(joiner);
        }
        if (granted.recover) {
          metrics.recovery("error");
        }
        return Future.failedFuture(ar.failed() ? ar.cause() : new IllegalStateException("join buffer overflowed"));
      }
      StreamSlice slice = ar.result();
      Recovery recovery = granted.recover ? Recovery.decide(history.recoveryMode(), granted.epoch, granted.offset,
          slice, recoveryLimit) : null;
      if (recovery != null) {
        metrics.recovery(recovery.recovered() ? "recovered" : "not_recovered");
      }
      JsonObject result = result(new JsonObject(), granted, slice.epoch(), slice.top(), recovery);
      return Future.succeededFuture(new ServerSubscribe.Pending(result, () -> {
        if (session.stopJoining(joiner)) {
          session.channels().add(channel);
          session.shard().subscribe(channel, session, options, traits, false);
          shardStreams.commit(joiner, slice);
        }
      }, () -> {
        if (session.stopJoining(joiner)) {
          shardStreams.abandon(joiner);
        }
      }));
    });
  }

  /** Whether a connect {@code subs} entry is well-formed for a channel with these options. */
  static boolean validAsk(JsonObject asked, ChannelOptions options) {
    return ask(asked, options.history()) != null;
  }

  private static JsonObject result(JsonObject fields, Ask ask, String epoch, long top, Recovery recovery) {
    JsonObject result = fields.copy();
    if (!ask.positioned) {
      return result;
    }
    if (ask.recoverable) {
      result.put("recoverable", true);
    }
    result.put("positioned", true).put("epoch", epoch);
    if (recovery == null) {
      return result.put("offset", top);
    }
    result.put("offset", recovery.offset()).put("was_recovering", true).put("recovered", recovery.recovered());
    if (!recovery.publications().isEmpty()) {
      JsonArray pubs = new JsonArray();
      for (Publication p : recovery.publications()) {
        pubs.add(p.pubJson());
      }
      result.put("publications", pubs);
    }
    return result;
  }

  /**
   * Reads the stream fields of a subscribe request against what the channel grants, as Centrifugo does: a client
   * request for positioning or recovery counts where the namespace allows it or its subscribers may read history.
   * Null when a field has the wrong type.
   */
  private static Ask ask(JsonObject params, HistoryOptions history) {
    Object positioned = params.getValue("positioned");
    Object recoverable = params.getValue("recoverable");
    Object recover = params.getValue("recover");
    Object epoch = params.getValue("epoch");
    Object offset = params.getValue("offset");
    Object flag = params.getValue("flag");
    if (!isBool(positioned) || !isBool(recoverable) || !isBool(recover) || (epoch != null && !(epoch instanceof String))
        || (offset != null && !(offset instanceof Integer || offset instanceof Long))
        || (flag != null && !(flag instanceof Integer))) {
      return null;
    }
    long clientOffset = offset == null ? 0 : ((Number) offset).longValue();
    if (clientOffset < 0) {
      return null;
    }
    boolean mayAsk = history.allowHistoryForSubscriber();
    boolean isRecoverable = history.forceRecovery()
        || (Boolean.TRUE.equals(recoverable) && (history.allowRecovery() || mayAsk));
    boolean isPositioned = isRecoverable || history.forcePositioning()
        || (Boolean.TRUE.equals(positioned) && (history.allowPositioning() || mayAsk));
    int flags = flag == null ? 0 : (Integer) flag;
    return new Ask(isPositioned, isRecoverable, isRecoverable && Boolean.TRUE.equals(recover),
        epoch == null ? "" : (String) epoch, clientOffset, (flags & FLAG_REJECT_UNRECOVERED) != 0);
  }

  private static boolean isBool(Object value) {
    return value == null || value instanceof Boolean;
  }

  private static boolean sameEpoch(String client, String stream) {
    return client.isEmpty() || client.equals(stream);
  }

  /** Whether a subscribe on this channel goes through {@link #subscribe} (the channel keeps history). */
  static boolean applies(ChannelOptions options) {
    return options.history().enabled();
  }

  /** For the reply of {@code history}: the publications as the protocol lists them. */
  static JsonArray publications(Iterable<Publication> pubs) {
    JsonArray out = new JsonArray();
    for (Publication p : pubs) {
      out.add(p.pubJson());
    }
    return out;
  }
}
