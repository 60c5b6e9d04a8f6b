package hub.config;

import java.time.Duration;

/**
 * Where the node listens and how many event loops (and therefore session shards) it runs.
 *
 * @param host         bind address
 * @param port         bind port; 0 picks a free port shared by every shard of the node
 * @param eventLoops   event-loop threads, one session shard each; 0 means one per CPU core, and one on a machine of
 *                     two cores or fewer ({@link #loopsForCores})
 * @param maxBodyBytes largest HTTP API request body
 * @param transport    the socket layer under the event loops (Netty's NIO, or a native one where it loads)
 * @param headerTimeout time a new connection has to complete its first request head (an upgrade or a request)
 * @param bodyTimeout   time a request has, from its head, to deliver the rest of its body
 * @param idleTimeout   time a kept-alive connection may wait, after a response, until its next request head is complete
 * @param maxPendingPerAddress connections one remote address may hold while they wait on it (before a complete
 *                             head, during a body, kept alive between requests); more are closed on accept
 * @param maxPending   such connections the whole node may hold, every address and gateway together; more are
 *                     closed on accept
 */
public record HttpConfig(String host, int port, int eventLoops, int maxBodyBytes, NetTransport transport,
                         Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                         int maxPendingPerAddress, int maxPending) {

  /** Which Netty transport runs the sockets; a native one that cannot load falls back to NIO at start. */
  public enum NetTransport {
    /** java.nio selectors: portable, always available. */
    NIO,
    /** Linux epoll (edge-triggered, fewer copies and wake-ups than NIO). */
    EPOLL,
    /** Linux io_uring (batches many socket writes per system call); needs a 5.x kernel that allows it. */
    IO_URING,
    /**
     * epoll where it loads, else io_uring, else NIO. epoll first: at 10 publications/s it cost 0.63-0.86x NIO's CPU
     * per delivery and io_uring 0.76-1.02x (bench/results/perf5), and container seccomp profiles often refuse io_uring.
     */
    AUTO;

    static NetTransport parse(JsonReader r, String key, NetTransport defaultValue) {
      String name = r.string(key, defaultValue.name().toLowerCase());
      for (NetTransport t : values()) {
        if (t.name().toLowerCase().equals(name)) {
          return t;
        }
      }
      throw new ConfigException(r.pathOf(key), "must be \"nio\", \"epoll\", \"io_uring\" or \"auto\"");
    }
  }

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8000;
  public static final int DEFAULT_EVENT_LOOPS = 0;
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** Native where it loads (see {@link NetTransport#AUTO}); elsewhere NIO, with one log line saying why. */
  public static final NetTransport DEFAULT_TRANSPORT = NetTransport.AUTO;
  /** A browser or SDK sends its upgrade head in one packet; 10 s covers a slow mobile link many times over. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** maxBodyBytes (1 MiB) at 35 KiB/s. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
  /** As nginx's {@code proxy_read_timeout} in the shipped front: longer than a heartbeat (25 + 8 s). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /**
   * Far above what one browser or server opens at once, far below the ~20,000 descriptors of a process. A proxy in
   * front is one address for all its clients: raise it there (the shipped compose files do).
   */
  public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 256;
  /**
   * The accept backlog: a reconnect storm of every client of a full node (19,000) at the ~2,000 connects/s this
   * machine makes holds a few dozen waiting at once (each waits milliseconds for its upgrade head), while silent
   * connections from many addresses stop here, about a fifth of the ~20,000 descriptors of a process.
   */
  public static final int DEFAULT_MAX_PENDING = 4096;

  static HttpConfig from(JsonReader r) {
    HttpConfig c = new HttpConfig(
        r.string("host", DEFAULT_HOST),
        r.integer("port", DEFAULT_PORT, 0, 65535),
        r.integer("eventLoops", DEFAULT_EVENT_LOOPS, 0, 256),
        r.integer("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1024, 64 * 1024 * 1024),
        NetTransport.parse(r, "transport", DEFAULT_TRANSPORT),
        r.millis("headerTimeoutMs", DEFAULT_HEADER_TIMEOUT, 100, 600_000),
        r.millis("bodyTimeoutMs", DEFAULT_BODY_TIMEOUT, 100, 3_600_000),
        r.millis("idleTimeoutMs", DEFAULT_IDLE_TIMEOUT, 100, 3_600_000),
        r.integer("maxPendingPerAddress", DEFAULT_MAX_PENDING_PER_ADDRESS, 1, 10_000_000),
        r.integer("maxPending", DEFAULT_MAX_PENDING, 1, 10_000_000));
    r.rejectUnknownKeys();
    return c;
  }

  /** Event loops to run, resolving 0 by {@link #loopsForCores} from the available cores. */
  public int effectiveEventLoops() {
    return eventLoops > 0 ? eventLoops : loopsForCores(Runtime.getRuntime().availableProcessors());
  }

  /**
   * The default number of event loops for {@code cores}: one per core, but a single loop on two cores or fewer.
   * On two cores a second loop splits each fan-out in half, so neither loop ever has publications waiting and
   * nothing is coalesced, and the two loops take the core that the kernel's TCP work, the GC and JIT threads and the
   * HTTP API need: measured side by side on a 2-core machine (issue 13, bench/README.md), one loop cost the same CPU
   * per delivery at 10 publications/s, had a lower p50 (by 3-4 ms at 1,000 subscribers, 5-10 ms at 5,000), and held
   * 2.2x the fan-out knee at 1,000 subscribers and 5.1x at 5,000. Machines with more cores were not measured and
   * keep one loop per core.
   */
  public static int loopsForCores(int cores) {
    return cores <= 2 ? 1 : cores;
  }
}
