package hub.protocol;

/**
 * The version this hub reports in connect results and the server API.
 */
public final class ServerVersion {

  public static final String VALUE = "0.1.0";

  private ServerVersion() {
  }
}
