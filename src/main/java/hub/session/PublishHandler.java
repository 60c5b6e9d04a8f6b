package hub.session;

import hub.channel.ChannelName;
import hub.channel.ChannelPolicy;
import hub.protocol.BinaryPayload;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.Publication;
import hub.protocol.ReplyError;
import io.vertx.core.json.JsonObject;

/**
 * The client {@code publish} command: where the channel's options allow it, the data goes to every subscriber on
 * every node with the publisher's info attached. The push is encoded once here and shared by all deliveries.
 * Stateless.
 */
final class PublishHandler {

  private final ChannelPolicy policy;

  PublishHandler(ChannelPolicy policy) {
    this.policy = policy;
  }

  void handle(Session session, Command command, ReplyBatch replies) {
    JsonObject params = command.params();
    if (!(params.getValue("channel") instanceof String raw) || raw.isEmpty()) {
      session.close(CloseReason.BAD_REQUEST);
      return;
    }
    ChannelName channel = ChannelName.parse(raw, policy.maxNameLength());
    // A protobuf client's data must be JSON too: JSON subscribers of the channel could receive nothing else.
    if (channel == null || !params.containsKey("data") || params.getValue("data") instanceof BinaryPayload) {
      replies.error(command.id(), ReplyError.BAD_REQUEST);
      return;
    }
    ReplyError refused = policy.checkPublish(channel);
    if (refused != null) {
      replies.error(command.id(), refused);
      return;
    }
    byte[] pub = Publication.encodePub(params.getValue("data"), session.clientInfo(), null);
    session.shard().broker().publish(new Publication(raw, 0, null, pub));
    replies.result(command.id(), Method.PUBLISH, new JsonObject());
  }
}
