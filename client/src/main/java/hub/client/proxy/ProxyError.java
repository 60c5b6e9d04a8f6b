package hub.client.proxy;

/**
 * Fail a handler's future with this to refuse the action with an error the client sees: an application code
 * 400-1999 (the hub hides any other code behind 100). {@code temporary} tells the SDK to retry. Carries no stack
 * trace: it is an answer, not a fault. Immutable.
 */
public final class ProxyError extends RuntimeException {

  public static final int MIN_CODE = 400;
  public static final int MAX_CODE = 1999;

  private final int code;
  private final boolean temporary;

  public ProxyError(int code, String message, boolean temporary) {
    super(message, null, false, false);
    if (code < MIN_CODE || code > MAX_CODE) {
      throw new IllegalArgumentException("proxy error code must be " + MIN_CODE + "-" + MAX_CODE + ": " + code);
    }
    this.code = code;
    this.temporary = temporary;
  }

  public ProxyError(int code, String message) {
    this(code, message, false);
  }

  public int code() {
    return code;
  }

  public boolean temporary() {
    return temporary;
  }
}
