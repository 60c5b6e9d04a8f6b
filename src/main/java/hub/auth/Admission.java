package hub.auth;

import hub.protocol.Format;

/**
 * The verdict on an upgrade request, reached before any WebSocket exists. Immutable.
 */
public sealed interface Admission {

  /**
   * @param identity who the request's credential names, or null when it carried none (the client will then
   *                 authenticate with its first {@code connect} command)
   * @param format   the wire format the request asked for (subprotocol or query)
   */
  record Admitted(Identity identity, Format format) implements Admission {
  }

  /**
   * @param status HTTP status to answer with
   * @param reason metric tag; one of {@link HandshakeGate#REJECT_REASONS}
   */
  record Rejected(int status, String reason) implements Admission {
  }
}
