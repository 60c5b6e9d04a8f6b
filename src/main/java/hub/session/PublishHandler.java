package hub.session;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.protocol.BinaryPayload;
import hub.config.ChannelOptions;
import hub.config.HistoryOptions;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.Publication;
import hub.protocol.ReplyError;
import hub.stream.Appended;
import hub.stream.PublicationBudget;
import hub.stream.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The client {@code publish} command: where the channel's options allow it, the data goes to every subscriber on
 * every node with the publisher's info attached. On a channel with history the stream sequences it first, and the
 * session's next commands wait for that, so one client's publications keep their order. Where the namespace has a
 * publish proxy, it decides instead of {@code allowPublish} and may rewrite the publication ({@link ProxyPublish}).
 * Stateless.
 */
final class PublishHandler {

  private final ChannelPolicy policy;
  private final StreamPublisher streams;
  private final ProxyPublish proxy;

  PublishHandler(ChannelPolicy policy, StreamPublisher streams, ProxyPublish proxy) {
    this.policy = policy;
    this.streams = streams;
    this.proxy = proxy;
  }

  /** @return null when answered, or the future of a publication the publish proxy or the stream is handling */
  Future<Boolean> handle(Session session, Command command, ReplyBatch replies) {
    JsonObject params = command.params();
    if (!(params.getValue("channel") instanceof String raw) || raw.isEmpty()) {
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    ChannelName channel = ChannelName.parse(raw, policy.maxNameLength());
    // A protobuf client's data must be JSON too: JSON subscribers of the channel could receive nothing else.
    if (channel == null || !params.containsKey("data") || params.getValue("data") instanceof BinaryPayload) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return null;
    }
    ReplyError refused = policy.checkPublish(channel, session.user(), session.channels().contains(raw));
    if (refused != null) {
      replies.error(command.id(), refused);
      return null;
    }
    ChannelOptions options = policy.optionsOf(channel);
    String publishProxy = options.proxies().publish();
    if (publishProxy == null) {
      return publish(session, command, raw, options, new ProxyPublish.Rewrite(params.getValue("data"), false, null,
          null), replies);
    }
    return proxy.check(session, command, publishProxy, raw, params.getValue("data"), replies).compose(rewrite -> {
      if (rewrite == null) {
        return Future.succeededFuture(!session.isClosed());
      }
      Future<Boolean> done = publish(session, command, raw, options, rewrite, replies);
      return done == null ? Future.succeededFuture(true) : done;
    });
  }

  private Future<Boolean> publish(Session session, Command command, String raw, ChannelOptions options,
                                  ProxyPublish.Rewrite what, ReplyBatch replies) {
    // The publisher as its subscription to the channel shows it (chan_info), as Centrifugo does.
    byte[] pub = Publication.encodePub(what.data(), session.clientInfo(raw), what.tags());
    HistoryOptions history = what.skipHistory() ? HistoryOptions.NONE : options.history();
    Future<Appended> published = streams.publish(raw, history, pub, what.idempotencyKey());
    if (published.isComplete()) {
      answer(command, published, replies);
      return null;
    }
    return published.transform(ar -> {
      answer(command, published, replies);
      return Future.succeededFuture(true);
    });
  }

  private static void answer(Command command, Future<Appended> published, ReplyBatch replies) {
    if (published.succeeded()) {
      replies.result(command.id(), Method.PUBLISH, new JsonObject());
    } else if (published.cause() instanceof PublicationBudget.Refused) {
      replies.error(command.id(), ReplyError.TOO_MANY_REQUESTS); // temporary: the node is saturated, retry later
    } else {
      replies.error(command.id(), ReplyError.INTERNAL); // temporary: the SDK's promise is rejected, the app may retry
    }
  }
}
