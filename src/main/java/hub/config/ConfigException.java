package hub.config;

/**
 * A configuration that cannot be used. The message names the offending key path, so start-up can print one line
 * an operator can act on.
 */
public final class ConfigException extends RuntimeException {

  private final String path;

  public ConfigException(String path, String problem) {
    super(path.isEmpty() ? problem : path + ": " + problem);
    this.path = path;
  }

  /** Dotted key path of the offending value; empty for whole-document problems. */
  public String path() {
    return path;
  }
}
