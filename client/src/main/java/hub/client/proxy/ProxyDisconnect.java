package hub.client.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Fail a handler's future with this to close the client's connection with an application close code 4000-4999 (up
 * to 4499 the SDK reconnects, from 4500 it stops). The hub cuts the reason to {@value #MAX_REASON_BYTES} bytes, so a
 * longer one is refused here. Carries no stack trace. Immutable.
 */
public final class ProxyDisconnect extends RuntimeException {

  public static final int MIN_CODE = 4000;
  public static final int MAX_CODE = 4999;
  public static final int MAX_REASON_BYTES = 32;

  private final int code;

  public ProxyDisconnect(int code, String reason) {
    super(reason == null ? "" : reason, null, false, false);
    if (code < MIN_CODE || code > MAX_CODE) {
      throw new IllegalArgumentException("disconnect code must be " + MIN_CODE + "-" + MAX_CODE + ": " + code);
    }
    if (getMessage().getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      throw new IllegalArgumentException("disconnect reason over " + MAX_REASON_BYTES + " bytes: " + reason);
    }
    this.code = code;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return getMessage();
  }
}
