package hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  public static final String PRESENCE_FAILURES = "hub.presence.failures";
  public static final String CLUSTER_MEMBERS = "hub.cluster.members";

  private final MeterRegistry registry;
  private final LiveResources live;
  private final Counter opened;
  private final Counter messagesIn;
  private final Counter messagesOut;
  private final Counter closeRepeated;
  private final Counter presenceFailures;
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> replyErrors = new ConcurrentHashMap<>();
  private final Map<String, Counter> apiRequests = new ConcurrentHashMap<>();

  public HubMetrics(MeterRegistry registry, LiveResources live,
                    Collection<String> closeReasons, Collection<String> rejectReasons) {
    this.registry = registry;
    this.live = live;
    Gauge.builder(SESSIONS_LIVE, live.sessions, Number::doubleValue)
        .description("WebSocket sessions owned by the shards (pre-connect included)").register(registry);
    Gauge.builder(SESSIONS_PRECONNECT, live.preconnect, Number::doubleValue)
        .description("Upgraded sockets still waiting for their connect command").register(registry);
    Gauge.builder(SUBSCRIPTIONS_LIVE, live.subscriptions, Number::doubleValue)
        .description("Channel subscriptions held by live sessions").register(registry);
    Gauge.builder(CHANNELS_LIVE, live.channels, Number::doubleValue)
        .description("Distinct channels with at least one subscriber on this node").register(registry);
    Gauge.builder(TIMERS_LIVE, live.timers, Number::doubleValue)
        .description("Timers the hub itself holds (per shard, never per session)").register(registry);
    opened = Counter.builder(SESSIONS_OPENED).description("WebSocket sessions accepted").register(registry);
    messagesIn = Counter.builder(MESSAGES_IN).description("Protocol commands received").register(registry);
    messagesOut = Counter.builder(MESSAGES_OUT).description("Protocol frames written").register(registry);
    closeRepeated = Counter.builder(CLOSE_REPEATED)
        .description("Close requests for sessions already closed (harmless, counted to prove idempotence)")
        .register(registry);
    presenceFailures = Counter.builder(PRESENCE_FAILURES)
        .description("Presence writes or removals that failed (the presence TTL cleans up after them)")
        .register(registry);
    closeReasons.forEach(this::closedCounter);
    rejectReasons.forEach(this::rejectedCounter);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public LiveResources live() {
    return live;
  }

  public void sessionOpened() {
    opened.increment();
  }

  public void sessionClosed(String reasonTag) {
    closedCounter(reasonTag).increment();
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

  private Counter closedCounter(String reason) {
    return closed.computeIfAbsent(reason,
        r -> Counter.builder(SESSIONS_CLOSED).tag("reason", r).description("Sessions closed, by reason").register(registry));
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
    return opened.count();
  }
}
