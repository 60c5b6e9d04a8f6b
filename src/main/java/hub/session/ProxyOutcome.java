package hub.session;

import hub.proxy.ProxyReply;
import hub.protocol.Command;

/**
 * What a session does with a proxy answer that is not a result: an error reply for the command (the session stays
 * open) or a close with the backend's application code. Shared by every proxied command. Stateless.
 */
final class ProxyOutcome {

  private ProxyOutcome() {
  }

  /** Answers {@code command} with the refusal, or closes the session for a disconnect. */
  static void refuse(Session session, Command command, ReplyBatch replies, ProxyReply reply) {
    if (reply instanceof ProxyReply.Disconnect d) {
      session.close(CloseReason.proxied(d.code(), d.reason()));
    } else if (reply instanceof ProxyReply.Refused r) {
      replies.error(command.id(), r);
    } else {
      replies.error(command.id(), ProxyReply.UNAVAILABLE);
    }
  }

  /** As {@link #refuse}, for a connect: the client may try again under the same connect deadline. */
  static boolean refuseConnect(Session session, Command command, ReplyBatch replies, ProxyReply reply) {
    if (!(reply instanceof ProxyReply.Disconnect)) {
      session.connectRefused();
    }
    refuse(session, command, replies, reply);
    return false;
  }
}
