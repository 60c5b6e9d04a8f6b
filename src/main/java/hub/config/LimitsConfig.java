package hub.config;

/**
 * Node-wide bounds on fan-out input (issue 10, item 10): how many publications per second the node takes from clients
 * and the server API together, how much queued event-loop work and how much event-loop lag it tolerates before it
 * refuses more, and how large one API request may make the fan-out. Immutable.
 *
 * @param publicationsPerSecond publications (each channel of a broadcast counts) the node accepts per second; more
 *                              are refused with 111 (client) or 429 / error 111 (API), which both say "retry"
 * @param maxPendingTasks       queued tasks over all event loops (event-bus deliveries, socket writes, timers) above
 *                              which new publications are refused the same way, until the loops catch up
 * @param maxBroadcastChannels  channels one {@code broadcast} may name
 * @param maxBatchCommands      commands one {@code batch} may hold
 * @param maxPresenceMembers    members a {@code presence} reply (client command or API) may list; a channel with more
 *                              gets error 106, and {@code presence_stats} still counts it
 * @param maxEventLoopLagMs     event-loop lag (how late the loops run their probe) above which new publications are
 *                              refused the same way, until it is back at or below half of it; 0 = off
 */
public record LimitsConfig(int publicationsPerSecond, int maxPendingTasks, int maxBroadcastChannels,
                           int maxBatchCommands, int maxPresenceMembers, int maxEventLoopLagMs) {

  /** Five times the most one node was measured to fan out (bench: about 21,000 publications/s): a flood guard. */
  public static final int DEFAULT_PUBLICATIONS_PER_SECOND = 100_000;
  /** About a second of the loops' work at the measured rates; far above what a healthy node ever queues. */
  public static final int DEFAULT_MAX_PENDING_TASKS = 50_000;
  public static final int DEFAULT_MAX_BROADCAST_CHANNELS = 1_000;
  public static final int DEFAULT_MAX_BATCH_COMMANDS = 1_000;
  /** About 100 KB of reply: one command must not make the node fetch and encode a whole crowd. */
  public static final int DEFAULT_MAX_PRESENCE_MEMBERS = 1_000;
  /**
   * Above what a healthy node reaches and well under the seconds an overloaded one reached (bench/results/overload/,
   * lag-shedding): the delivery delay the node may add before it stops taking new publications.
   */
  public static final int DEFAULT_MAX_EVENT_LOOP_LAG_MS = 300;
  /** A few seconds of lag is already an outage for a realtime hub; a limit past this is a typo. */
  public static final int MAX_EVENT_LOOP_LAG_MS = 60_000;

  public static final LimitsConfig DEFAULTS = new LimitsConfig(DEFAULT_PUBLICATIONS_PER_SECOND,
      DEFAULT_MAX_PENDING_TASKS, DEFAULT_MAX_BROADCAST_CHANNELS, DEFAULT_MAX_BATCH_COMMANDS,
      DEFAULT_MAX_PRESENCE_MEMBERS, DEFAULT_MAX_EVENT_LOOP_LAG_MS);

  static LimitsConfig from(JsonReader r) {
    LimitsConfig c = new LimitsConfig(
        r.integer("publicationsPerSecond", DEFAULT_PUBLICATIONS_PER_SECOND, 1, 100_000_000),
        r.integer("maxPendingTasks", DEFAULT_MAX_PENDING_TASKS, 1, 100_000_000),
        r.integer("maxBroadcastChannels", DEFAULT_MAX_BROADCAST_CHANNELS, 1, 1_000_000),
        r.integer("maxBatchCommands", DEFAULT_MAX_BATCH_COMMANDS, 1, 1_000_000),
        r.integer("maxPresenceMembers", DEFAULT_MAX_PRESENCE_MEMBERS, 1, 10_000_000),
        r.integer("maxEventLoopLagMs", DEFAULT_MAX_EVENT_LOOP_LAG_MS, 0, MAX_EVENT_LOOP_LAG_MS));
    r.rejectUnknownKeys();
    return c;
  }
}
