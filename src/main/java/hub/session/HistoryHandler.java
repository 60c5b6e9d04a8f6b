package hub.session;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.config.ChannelOptions;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ReplyError;
import hub.stream.HistoryRequest;
import hub.stream.StreamPublisher;
import hub.stream.StreamSlice;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The client {@code history} command: a subscriber reads its channel's stream, where the namespace allows
 * ({@code allowHistoryForSubscriber}). {@code limit} 0 (or none) asks for the position only, a negative or too large
 * one is capped at {@code client.historyMaxPublicationLimit}; {@code since} with another epoch is 112. Stateless.
 */
final class HistoryHandler {

  private final ChannelPolicy policy;
  private final StreamPublisher streams;
  private final int maxLimit;

  HistoryHandler(ChannelPolicy policy, StreamPublisher streams, int maxLimit) {
    this.policy = policy;
    this.streams = streams;
    this.maxLimit = maxLimit;
  }

  /** @return null when answered at once, else the future of the store read */
  Future<Boolean> handle(Session session, Command command, ReplyBatch replies) {
    JsonObject params = command.params();
    if (!(params.getValue("channel") instanceof String raw) || raw.isEmpty()) {
      session.close(CloseReason.BAD_REQUEST);
      return null;
    }
    HistoryRequest request = HistoryRequest.parse(params, maxLimit);
    ChannelName channel = ChannelName.parse(raw, policy.maxNameLength());
    if (channel == null || request == null) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return null;
    }
    ChannelOptions options = policy.optionsOf(channel);
    if (options == null) {
      replies.error(command.id(), ReplyError.UNKNOWN_CHANNEL);
      return null;
    }
    if (!options.history().enabled()) {
      replies.error(command.id(), ReplyError.NOT_AVAILABLE);
      return null;
    }
    if (!options.history().allowHistoryForSubscriber() || !session.channels().contains(raw)) {
      replies.error(command.id(), ReplyError.PERMISSION_DENIED);
      return null;
    }
    Future<StreamSlice> read = streams.calls().time("read",
        () -> streams.store().read(raw, options.history(), request.query()));
    if (read.isComplete()) {
      answer(command, request, read, replies);
      return null;
    }
    return read.transform(ar -> {
      answer(command, request, ar, replies);
      return Future.succeededFuture(true);
    });
  }

  private static void answer(Command command, HistoryRequest request, AsyncResult<StreamSlice> read,
                             ReplyBatch replies) {
    if (read.failed()) {
      replies.error(command.id(), ReplyError.INTERNAL);
      return;
    }
    StreamSlice slice = read.result();
    if (!request.epochMatches(slice.epoch())) {
      replies.error(command.id(), ReplyError.UNRECOVERABLE_POSITION);
      return;
    }
    replies.result(command.id(), Method.HISTORY, new JsonObject()
        .put("publications", StreamSubscribe.publications(slice.publications()))
        .put("epoch", slice.epoch())
        .put("offset", slice.top()));
  }
}
