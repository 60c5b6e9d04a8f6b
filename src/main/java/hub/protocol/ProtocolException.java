package hub.protocol;

/**
 * Input that breaks the protocol's framing or shape. The session answers it by closing with 3501 (bad request),
 * because the reference SDK never produces such input and a reply could not be matched to anything.
 */
public final class ProtocolException extends Exception {

  public ProtocolException(String message) {
    super(message, null, false, false);
  }
}
