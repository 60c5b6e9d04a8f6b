package hub.config;

import java.time.Duration;
import java.util.List;

/**
 * Per-connection limits and deadlines. Every limit is bounded: nothing a client does can make the hub hold more than
 * these numbers say.
 *
 * @param allowedOrigins       Origin patterns ({@link OriginPattern}: scheme, host and port; {@code *} only as the whole
 *                             pattern, a whole leading host label or the port); a request without Origin passes
 * @param pingInterval         time between server pings
 * @param pongTimeout          how long a pong may take after a ping (less than the ping interval)
 * @param connectTimeout       time an upgraded socket may wait for a valid {@code connect}
 * @param maxConnections       upgraded sockets per node; further upgrades get HTTP 503
 * @param maxMessageBytes      largest inbound message
 * @param maxQueuedBytes       outbound bytes a session may have unsent before it is cut as a slow consumer; a frame is
 *                             always taken when nothing is queued, so the bound is this plus one frame
 * @param channelLimit         subscriptions per connection
 * @param expiredCloseDelay    grace after the token's expiry before an unrefreshed connection is closed
 * @param maxCommandsPerSecond commands one connection may send per second before it gets error 111; twice that closes it
 * @param recoveryMaxPublicationLimit most publications a recovering subscribe returns; more missed is not recovered
 * @param historyMaxPublicationLimit  most publications the client {@code history} command returns
 * @param channelPositionCheckDelay   how long a positioned channel may go without publications before the node checks
 *                                    the store for publications it missed
 * @param proxies                     the connect, refresh and rpc proxies and the node's bound on proxy calls
 * @param coalesceWrites              whether the WebSocket messages of one event-loop turn leave as one frame and one
 *                                    flush per socket at the end of the turn (else each message is sent at once)
 */
public record ClientConfig(
    List<String> allowedOrigins,
    Duration pingInterval,
    Duration pongTimeout,
    Duration connectTimeout,
    int maxConnections,
    int maxMessageBytes,
    int maxQueuedBytes,
    int channelLimit,
    Duration expiredCloseDelay,
    int maxCommandsPerSecond,
    int recoveryMaxPublicationLimit,
    int historyMaxPublicationLimit,
    Duration channelPositionCheckDelay,
    ClientProxies proxies,
    boolean coalesceWrites) {

  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
  public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(8);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS = 19_000;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 65_536;
  public static final int DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;
  public static final int DEFAULT_CHANNEL_LIMIT = 128;
  public static final Duration DEFAULT_EXPIRED_CLOSE_DELAY = Duration.ofSeconds(25);
  public static final int DEFAULT_MAX_COMMANDS_PER_SECOND = 500;
  public static final int DEFAULT_RECOVERY_MAX_PUBLICATION_LIMIT = 300;
  public static final int DEFAULT_HISTORY_MAX_PUBLICATION_LIMIT = 300;
  public static final Duration DEFAULT_CHANNEL_POSITION_CHECK_DELAY = Duration.ofSeconds(40);
  public static final boolean DEFAULT_COALESCE_WRITES = true;

  static ClientConfig from(JsonReader r) {
    ClientConfig c = new ClientConfig(
        origins(r),
        r.millis("pingIntervalMs", DEFAULT_PING_INTERVAL, 100, 3_600_000),
        r.millis("pongTimeoutMs", DEFAULT_PONG_TIMEOUT, 50, 3_600_000),
        r.millis("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT, 50, 600_000),
        r.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
        r.integer("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES, 256, 16 * 1024 * 1024),
        r.integer("maxQueuedBytes", DEFAULT_MAX_QUEUED_BYTES, 1024, 256 * 1024 * 1024),
        r.integer("channelLimit", DEFAULT_CHANNEL_LIMIT, 1, 100_000),
        r.millis("expiredCloseDelayMs", DEFAULT_EXPIRED_CLOSE_DELAY, 0, 3_600_000),
        r.integer("maxCommandsPerSecond", DEFAULT_MAX_COMMANDS_PER_SECOND, 1, 1_000_000),
        r.integer("recoveryMaxPublicationLimit", DEFAULT_RECOVERY_MAX_PUBLICATION_LIMIT, 1, 100_000),
        r.integer("historyMaxPublicationLimit", DEFAULT_HISTORY_MAX_PUBLICATION_LIMIT, 1, 100_000),
        r.millis("channelPositionCheckDelayMs", DEFAULT_CHANNEL_POSITION_CHECK_DELAY, 100, 86_400_000),
        ClientProxies.from(r),
        r.bool("coalesceWrites", DEFAULT_COALESCE_WRITES));
    r.rejectUnknownKeys();
    if (c.pongTimeout.compareTo(c.pingInterval) >= 0) {
      throw new ConfigException(r.pathOf("pongTimeoutMs"),
          "must be less than " + r.pathOf("pingIntervalMs") + " (" + c.pingInterval.toMillis() + ")");
    }
    return c;
  }

  /** A pattern that does not parse stops start-up, naming its index: a typo must not silently refuse browsers. */
  private static List<String> origins(JsonReader r) {
    List<String> patterns = r.strings("allowedOrigins", List.of());
    for (int i = 0; i < patterns.size(); i++) {
      try {
        OriginPattern.parse(patterns.get(i));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(r.pathOf("allowedOrigins") + "[" + i + "]",
            "'" + patterns.get(i) + "' is not an origin pattern: " + e.getMessage());
      }
    }
    return patterns;
  }
}
