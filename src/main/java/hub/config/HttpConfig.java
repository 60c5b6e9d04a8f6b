package hub.config;

/**
 * Where the node listens and how many event loops (and therefore session shards) it runs.
 *
 * @param host         bind address
 * @param port         bind port; 0 picks a free port shared by every shard of the node
 * @param eventLoops   event-loop threads, one session shard each; 0 means one per CPU core
 * @param maxBodyBytes largest HTTP API request body
 */
public record HttpConfig(String host, int port, int eventLoops, int maxBodyBytes) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8000;
  public static final int DEFAULT_EVENT_LOOPS = 0;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  static HttpConfig from(JsonReader r) {
    HttpConfig c = new HttpConfig(
        r.string("host", DEFAULT_HOST),
        r.integer("port", DEFAULT_PORT, 0, 65535),
        r.integer("eventLoops", DEFAULT_EVENT_LOOPS, 0, 256),
        r.integer("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024));
    r.rejectUnknownKeys();
    return c;
  }

  /** Event loops to run, resolving 0 to the number of available cores. */
  public int effectiveEventLoops() {
    return eventLoops > 0 ? eventLoops : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
