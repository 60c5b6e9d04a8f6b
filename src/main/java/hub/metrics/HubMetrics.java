package hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Every meter name and tag the hub publishes, in one place. Tag values come from closed sets (close reasons,
 * rejection reasons) so that no client input can grow the number of series. Thread-safe.
 */
public final class HubMetrics {

  public static final String SESSIONS_LIVE = "hub.sessions.live";
  public static final String SESSIONS_PRECONNECT = "hub.sessions.preconnect";
  public static final String SESSIONS_OPENED = "hub.sessions.opened";
  public static final String SESSIONS_CLOSED = "hub.sessions.closed";
  public static final String SUBSCRIPTIONS_LIVE = "hub.subscriptions.live";
  public static final String CHANNELS_LIVE = "hub.channels.live";
  public static final String TIMERS_LIVE = "hub.timers.live";
  public static final String HANDSHAKES_REJECTED = "hub.handshakes.rejected";
  public static final String MESSAGES_IN = "hub.messages.in";
  public static final String MESSAGES_OUT = "hub.messages.out";
  public static final String CLOSE_REPEATED = "hub.sessions.close.repeated";
  public static final String REPLY_ERRORS = "hub.replies.errors";
  public static final String API_REQUESTS = "hub.api.requests";
  public static final String API_TIMEOUTS = "hub.api.timeouts";
  public static final String PRESENCE_FAILURES = "hub.presence.failures";
  public static final String CLUSTER_MEMBERS = "hub.cluster.members";
  public static final String CLUSTER_SAFE = "hub.cluster.safe";
  public static final String CLUSTER_QUORUM = "hub.cluster.quorum";
  /** Counter of quorum changes, tag {@code state} = {@code lost} or {@code regained}. */
  public static final String CLUSTER_QUORUM_CHANGES = "hub.cluster.quorum.changes";
  public static final String HISTORY_CHANNELS = "hub.history.channels";
  public static final String HISTORY_BYTES = "hub.history.bytes";
  public static final String HISTORY_SHED = "hub.history.shed";
  public static final String RECOVERY_ATTEMPTS = "hub.recovery.attempts";
  public static final String POSITIONS_LOST = "hub.positions.lost";
  public static final String STORE_LATENCY = "hub.store.latency";
  public static final String STORE_FAILURES = "hub.store.failures";
  public static final String INTERNAL_FAILURES = "hub.internal.failures";
  public static final String HTTP_CUT = "hub.http.cut";
  public static final String TOKENS_REFUSED = "hub.tokens.refused";
  public static final String HTTP_PENDING = "hub.http.pending";
  public static final String EVENTLOOP_PENDING = "hub.eventloop.pending";
  public static final String EVENTLOOP_LAG = "hub.eventloop.lag";
  public static final String PUBLICATIONS_REFUSED = "hub.publications.refused";
  /** The outcomes of a recovering subscribe, the only values of the {@code outcome} tag. */
  public static final List<String> RECOVERY_OUTCOMES = List.of("recovered", "not_recovered", "error");
  /** The client transports, the only values of the {@code transport} tag on session counters. */
  public static final List<String> TRANSPORTS = List.of("websocket", "http_stream", "sse");
  /**
   * Why an HTTP connection was cut before it became a WebSocket, the only values of the {@code reason} tag of
   * {@link #HTTP_CUT}: its request head was not complete in time, its body stalled, a kept-alive connection did
   * not complete its next request head in time, its address already held its maximum of waiting connections, or
   * the node did ({@code http.maxPending}).
   */
  public static final List<String> HTTP_CUT_REASONS = List.of("header", "body", "idle", "address", "pending_cap");
  /** The stream-store operations, the only values of the {@code operation} tag. */
  public static final List<String> STORE_OPERATIONS = List.of("append", "read", "remove");

  private final MeterRegistry registry;
  private final LiveResources live;
  private final Map<String, Counter> opened = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> liveByTransport = new ConcurrentHashMap<>();
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Counter closeRepeated;
  private final Counter presenceFailures;
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> replyErrors = new ConcurrentHashMap<>();
  private final Map<String, Counter> apiRequests = new ConcurrentHashMap<>();
  private final Map<String, Counter> apiTimeouts = new ConcurrentHashMap<>();
  private final Map<String, Counter> recoveries = new ConcurrentHashMap<>();
  private final Map<String, Timer> storeLatency = new ConcurrentHashMap<>();
  private final Map<String, Counter> storeFailures = new ConcurrentHashMap<>();
  private final Map<String, Counter> internalFailures = new ConcurrentHashMap<>();
  private final Map<String, Counter> httpCuts = new ConcurrentHashMap<>();
  private final Map<String, Counter> tokensRefused = new ConcurrentHashMap<>();
  private final Map<String, Counter> publicationsRefused = new ConcurrentHashMap<>();
  private final Counter historyShed;
  private final Counter positionsLost;

  public HubMetrics(MeterRegistry registry, LiveResources live,
                    Collection<String> closeReasons, Collection<String> rejectReasons) {
    this.registry = registry;
    this.live = live;
    Gauge.builder(SESSIONS_PRECONNECT, live.preconnect, Number::doubleValue)
        .description("Upgraded sockets still waiting for their connect command").register(registry);
    Gauge.builder(SUBSCRIPTIONS_LIVE, live.subscriptions, Number::doubleValue)
        .description("Channel subscriptions held by live sessions").register(registry);
    Gauge.builder(CHANNELS_LIVE, live.channels, Number::doubleValue)
        .description("Distinct channels with at least one subscriber on this node").register(registry);
    Gauge.builder(TIMERS_LIVE, live.timers, Number::doubleValue)
        .description("Timers the hub itself holds (per shard, never per session)").register(registry);
    for (String transport : TRANSPORTS) {
      opened.put(transport, Counter.builder(SESSIONS_OPENED).tag("transport", transport)
          .description("Sessions accepted, by transport").register(registry));
      // Counted on the same two edges as opened and closed, so opened - closed == live holds per transport by
      // construction; the shards' own total (LiveResources) is counted apart, and the tests compare the two.
      AtomicLong count = new AtomicLong();
      liveByTransport.put(transport, count);
      Gauge.builder(SESSIONS_LIVE, count, Number::doubleValue).tag("transport", transport)
          .description("Sessions owned by the shards (pre-connect included), by transport").register(registry);
    }
    messagesIn = Counter.builder(MESSAGES_IN).description("Protocol commands received").register(registry);
    messagesOut = Counter.builder(MESSAGES_OUT).description("Protocol frames written").register(registry);
    closeRepeated = Counter.builder(CLOSE_REPEATED)
        .description("Close requests for sessions already closed (harmless, counted to prove idempotence)")
        .register(registry);
    presenceFailures = Counter.builder(PRESENCE_FAILURES)
        .description("Presence writes or removals that failed (the presence TTL cleans up after them)")
        .register(registry);
    historyShed = Counter.builder(HISTORY_SHED)
        .description("Publications dropped from streams to keep the store under history.maxBytes").register(registry);
    positionsLost = Counter.builder(POSITIONS_LOST)
        .description("Positioned subscriptions told they lost their place (unsubscribe 2500, disconnect 3010)")
        .register(registry);
    for (String outcome : RECOVERY_OUTCOMES) {
      recoveries.put(outcome, Counter.builder(RECOVERY_ATTEMPTS).tag("outcome", outcome)
          .description("Subscribes that asked to recover missed publications, by outcome").register(registry));
    }
    for (String op : STORE_OPERATIONS) {
      storeLatency.put(op, Timer.builder(STORE_LATENCY).tag("operation", op)
          .description("Time of stream-store calls, by operation").register(registry));
      storeFailures.put(op, Counter.builder(STORE_FAILURES).tag("operation", op)
          .description("Stream-store calls that failed or timed out, by operation").register(registry));
    }
    for (String reason : HTTP_CUT_REASONS) {
      httpCuts.put(reason, Counter.builder(HTTP_CUT).tag("reason", reason)
          .description("HTTP connections cut before any upgrade, by reason").register(registry));
    }
    for (String transport : TRANSPORTS) {
      closeReasons.forEach(reason -> closedCounter(reason, transport));
    }
    rejectReasons.forEach(this::rejectedCounter);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public LiveResources live() {
    return live;
  }

  /** @param transport one of {@link #TRANSPORTS} */
  public void sessionOpened(String transport) {
    opened.get(transport).increment();
    liveByTransport.get(transport).incrementAndGet();
  }

  /** @param transport one of {@link #TRANSPORTS} */
  public void sessionClosed(String reasonTag, String transport) {
    closedCounter(reasonTag, transport).increment();
    liveByTransport.get(transport).decrementAndGet();
  }

  /** Sessions opened and not yet closed on {@code transport}, the value of {@code hub_sessions_live{transport}}. */
  public long sessionsLive(String transport) {
    return liveByTransport.get(transport).get();
  }

  public void closeRepeated() {
    closeRepeated.increment();
  }

  public void presenceFailure() {
    presenceFailures.increment();
  }

  /** Registers the cluster size gauge (1 when not clustered). */
  public void clusterMembers(java.util.function.IntSupplier members) {
    Gauge.builder(CLUSTER_MEMBERS, members, m -> m.getAsInt()).strongReference(true)
        .description("Members of the cluster this node belongs to, itself included").register(registry);
  }

  /**
   * Registers whether every partition this node owns has its backups in sync (1) or not (0). A rolling restart or a
   * test that kills a member waits for 1 on every node first: while backups are still being copied after a member
   * joined or left, losing the owner loses data (and the stream's epoch changes).
   */
  public void clusterSafe(java.util.function.BooleanSupplier safe) {
    Gauge.builder(CLUSTER_SAFE, safe, s -> s.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 when every partition this node owns has its backups in sync").register(registry);
  }

  /** Registers the count of HTTP connections that wait on their client (not upgraded, not being answered). */
  public void httpPending(java.util.function.IntSupplier pending) {
    Gauge.builder(HTTP_PENDING, pending, p -> p.getAsInt()).strongReference(true)
        .description("HTTP connections waiting on their client: no complete request head yet, a body still "
            + "arriving, or kept alive between requests").register(registry);
  }

  /** Registers whether this node sees at least {@code cluster.quorum} members (1; always 1 when that is off). */
  public void clusterQuorum(java.util.function.BooleanSupplier met) {
    Gauge.builder(CLUSTER_QUORUM, met, q -> q.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 when this node sees at least cluster.quorum members; 0 on the minority side of a split")
        .register(registry);
  }

  /** Counts one change of this node's quorum state: {@code met} true when regained, false when lost. */
  public void quorumChanged(boolean met) {
    quorumChanges(met).increment();
  }

  /** Both series exist from the start at 0, so a rate or an alert on the first loss needs no special case. */
  public void quorumChangeSeries() {
    quorumChanges(true);
    quorumChanges(false);
  }

  private Counter quorumChanges(boolean met) {
    return Counter.builder(CLUSTER_QUORUM_CHANGES).tag("state", met ? "regained" : "lost")
        .description("Times this node lost or regained cluster.quorum").register(registry);
  }

  /** Registers the stream store's gauges: streams and publication bytes held on this node. */
  public void historyGauges(LongSupplier channels, LongSupplier bytes) {
    Gauge.builder(HISTORY_CHANNELS, channels, c -> c.getAsLong()).strongReference(true)
        .description("Channel streams the history store holds on this node").register(registry);
    Gauge.builder(HISTORY_BYTES, bytes, b -> b.getAsLong()).strongReference(true)
        .description("Publication bytes the history store holds on this node").register(registry);
  }

  public void historyShed(long publications) {
    historyShed.increment(publications);
  }

  public void positionLost() {
    positionsLost.increment();
  }

  /** @param outcome one of {@link #RECOVERY_OUTCOMES} */
  public void recovery(String outcome) {
    recoveries.get(outcome).increment();
  }

  /** @param operation one of {@link #STORE_OPERATIONS} */
  public void storeCall(String operation, long nanos, boolean failed) {
    storeLatency.get(operation).record(nanos, TimeUnit.NANOSECONDS);
    if (failed) {
      storeFailures.get(operation).increment();
    }
  }

  public void handshakeRejected(String reasonTag) {
    rejectedCounter(reasonTag).increment();
  }

  public void messagesIn(int n) {
    messagesIn.increment(n);
  }

  public void messagesOut(int n) {
    messagesOut.increment(n);
  }

  public void replyError(int code) {
    replyErrors.computeIfAbsent(Integer.toString(code),
        c -> Counter.builder(REPLY_ERRORS).tag("code", c).description("Error replies sent to clients").register(registry))
        .increment();
  }

  public void apiRequest(String method, String outcome) {
    apiRequests.computeIfAbsent(method + '/' + outcome,
        k -> Counter.builder(API_REQUESTS).tag("method", method).tag("outcome", outcome)
            .description("Server API requests").register(registry))
        .increment();
  }

  /** Registers the API timeout counters at zero, one per method of the fixed set the API serves. */
  public void apiMethods(Collection<String> methods) {
    methods.forEach(m -> apiTimeouts.put(m, Counter.builder(API_TIMEOUTS).tag("method", m)
        .description("Server API calls not completed within api.requestTimeoutMs (answered 504)").register(registry)));
  }

  /** @param method one of the values given to {@link #apiMethods}; any other is ignored */
  public void apiTimeout(String method) {
    Counter c = apiTimeouts.get(method);
    if (c != null) {
      c.increment();
    }
  }

  /** @param reason one of {@link #HTTP_CUT_REASONS} */
  public void httpCut(String reason) {
    httpCuts.get(reason).increment();
  }

  /**
   * A step of the close routine, the shutdown or the sweep threw and the steps after it ran anyway.
   *
   * @param step a constant step name from the code, never client input
   */
  public void internalFailure(String step) {
    internalFailures.computeIfAbsent(step, k -> Counter.builder(INTERNAL_FAILURES).tag("step", k)
        .description("Steps of the close routine, shutdown or sweep that threw (the steps after them still ran)")
        .register(registry)).increment();
  }

  /** The gauge of tasks queued on the event loops (see {@code EventLoopPending}). */
  public void eventLoopPending(java.util.function.LongSupplier pending) {
    Gauge.builder(EVENTLOOP_PENDING, pending, p -> (double) p.getAsLong())
        .description("Tasks queued on the event loops (deliveries, writes, timers); publications are refused above "
            + "limits.maxPendingTasks").register(registry);
  }

  /** One gauge per event loop ({@code loop} = its index, so bounded by the loop count) of its lag probe. */
  public void eventLoopLag(EventLoopLag lag) {
    for (int i = 0; i < lag.loops(); i++) {
      int loop = i;
      Gauge.builder(EVENTLOOP_LAG, lag, l -> l.lagMillis(loop) / 1000.0).tag("loop", Integer.toString(loop))
          .baseUnit("seconds").description("How late the event loop runs its lag probe (the largest of the last few "
              + "runs, or how long a due run has waited); publications are refused above limits.maxEventLoopLagMs")
          .register(registry);
    }
  }

  /** Registers the publication refusal counters at zero; {@code reasons} is the budget's bounded set. */
  public void publicationReasons(Collection<String> reasons) {
    reasons.forEach(this::publicationCounter);
  }

  /** @param reason one of the values given to {@link #publicationReasons} */
  public void publicationRefused(String reason) {
    publicationCounter(reason).increment();
  }

  private Counter publicationCounter(String reason) {
    return publicationsRefused.computeIfAbsent(reason, r -> Counter.builder(PUBLICATIONS_REFUSED).tag("reason", r)
        .description("Publications (client and API) refused by the node's budget, by reason").register(registry));
  }

  /** Registers the token refusal counters at zero; {@code reasons} is the bounded set the verifier reports. */
  public void tokenReasons(Collection<String> reasons) {
    reasons.forEach(this::tokenCounter);
  }

  /** @param reason one of the values given to {@link #tokenReasons}, never text from a token */
  public void tokenRefused(String reason) {
    tokenCounter(reason).increment();
  }

  private Counter tokenCounter(String reason) {
    return tokensRefused.computeIfAbsent(reason, r -> Counter.builder(TOKENS_REFUSED).tag("reason", r)
        .description("Connection tokens refused (connect, refresh, upgrade), by bounded reason").register(registry));
  }

  private Counter closedCounter(String reason, String transport) {
    return closed.computeIfAbsent(reason + '/' + transport,
        k -> Counter.builder(SESSIONS_CLOSED).tag("reason", reason).tag("transport", transport)
            .description("Sessions closed, by reason and transport").register(registry));
  }

  private Counter rejectedCounter(String reason) {
    return rejected.computeIfAbsent(reason,
        r -> Counter.builder(HANDSHAKES_REJECTED).tag("reason", r)
            .description("Upgrade requests refused before any WebSocket was created").register(registry));
  }

  /** Sum of closed sessions over every reason, for the {@code opened - closed == live} check. */
  public double closedTotal() {
    return closed.values().stream().mapToDouble(Counter::count).sum();
  }

  public double openedTotal() {
    return opened.values().stream().mapToDouble(Counter::count).sum();
  }

  /** Closed sessions per reason tag since start, summed over transports; only reasons that happened. */
  public Map<String, Long> closedByReason() {
    Map<String, Long> byReason = new java.util.TreeMap<>();
    closed.values().forEach(c -> {
      long n = (long) c.count();
      if (n > 0) {
        byReason.merge(c.getId().getTag("reason"), n, Long::sum);
      }
    });
    return byReason;
  }

  public long messagesInTotal() {
    return (long) messagesIn.count();
  }

  public long messagesOutTotal() {
    return (long) messagesOut.count();
  }
}
