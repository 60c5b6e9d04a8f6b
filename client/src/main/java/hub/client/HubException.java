package hub.client;

/**
 * A request the hub answered with an error: its code and message as the hub gave them (for example 102 unknown
 * channel, 107 bad request, 108 not available, 111 too many requests). Failures of the event bus itself (timeout, no
 * hub listening) are not this type but Vert.x's {@code ReplyException}. Carries no stack trace: it is an answer, not
 * a fault of the caller's code. Immutable.
 */
public final class HubException extends RuntimeException {

  /** The hub's internal error; also used here for a reply this client cannot read. */
  public static final int INTERNAL = 100;
  public static final int UNKNOWN_CHANNEL = 102;
  public static final int NOT_FOUND = 104;
  public static final int LIMIT_EXCEEDED = 106;
  public static final int BAD_REQUEST = 107;
  public static final int NOT_AVAILABLE = 108;
  public static final int TOO_MANY_REQUESTS = 111;
  public static final int UNRECOVERABLE_POSITION = 112;

  private final int code;

  public HubException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  @Override
  public String toString() {
    return "HubException{" + code + ": " + getMessage() + "}";
  }
}
