package hub.auth;

/**
 * Who a verified token says the client is.
 *
 * @param user        the {@code sub} claim; "" for anonymous
 * @param info        the {@code info} claim (any JSON value) shown to others as {@code conn_info}, or null
 * @param expiresAtMs when the token expires (epoch millis), or 0 when it never does
 */
public record Identity(String user, Object info, long expiresAtMs) {

  public static final Identity ANONYMOUS = new Identity("", null, 0);

  public boolean expires() {
    return expiresAtMs > 0;
  }
}
