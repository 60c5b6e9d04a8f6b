package hub.api;

import hub.channel.ChannelPolicy;
import hub.cluster.Broker;
import hub.cluster.PresenceStore;
import hub.config.LimitsConfig;
import hub.stream.PublicationBudget;
import hub.stream.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The server API, independent of how it is called: a method name and a JSON request in, a JSON response out
 * ({@code {"result":...}} or {@code {"error":...}}). HTTP and the event bus both delegate here, so they cannot drift
 * apart; each method is its own {@link ApiMethod}. It reaches sessions only through the broker and statistics
 * queries, never through object references. Thread-safe.
 */
public final class ApiExecutor {

  private static final System.Logger LOG = System.getLogger(ApiExecutor.class.getName());

  static final long FAILURE_LOG_INTERVAL_MS = 10_000;
  private static final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE / 2);
  private static final AtomicLong unloggedFailures = new AtomicLong();

  private final Map<String, ApiMethod> methods = new LinkedHashMap<>();
  private final ApiDeadline deadline;

  /**
   * @param nodesInfo    produces the {@code info} result ({@code {"nodes":[...]}})
   * @param channelCounts produces channel name to subscriber count for the given glob pattern (null for all)
   * @param deadline      bounds each call made through {@link #execute} ({@code api.requestTimeoutMs})
   */
  public ApiExecutor(Broker broker, StreamPublisher streams, ChannelPolicy policy, PresenceStore presence,
                     LimitsConfig limits, Supplier<Future<JsonObject>> nodesInfo,
                     Function<String, Future<JsonObject>> channelCounts, ApiDeadline deadline) {
    this.deadline = deadline;
    ApiPublisher publisher = new ApiPublisher(streams, policy);
    for (ApiMethod m : List.of(
        new PublishMethod(publisher),
        new BroadcastMethod(publisher, limits.maxBroadcastChannels()),
        new DisconnectMethod(broker),
        new SubscribeMethod(true, policy, broker),
        new SubscribeMethod(false, policy, broker),
        PresenceMethod.members(policy, presence, limits.maxPresenceMembers()),
        PresenceMethod.stats(policy, presence),
        new InfoMethod(nodesInfo),
        new ChannelsMethod(channelCounts),
        new HistoryMethod(policy, streams),
        new HistoryRemoveMethod(policy, streams),
        new BatchMethod(this, limits.maxBatchCommands()))) {
      methods.put(m.name(), m);
    }
  }

  /** The names of the methods served. */
  public Set<String> methods() {
    return methods.keySet();
  }

  public boolean serves(String method) {
    return methods.containsKey(method);
  }

  /**
   * Runs one API call within the deadline; unknown methods get error 104. Fails only with
   * {@link ApiDeadline.Expired}: every other failure becomes an error response. A call that expired is not
   * cancelled, and its completion is dropped unseen (not answered, not logged).
   */
  public Future<JsonObject> execute(String method, JsonObject request) {
    ApiMethod m = methods.get(method);
    if (m == null) {
      return Future.succeededFuture(ApiError.NOT_FOUND.response());
    }
    return deadline.bound(method, invoke(m, request)).transform(ar -> ar.succeeded()
        ? Future.succeededFuture(m.respond(ar.result()))
        : ar.cause() instanceof ApiDeadline.Expired ? Future.failedFuture(ar.cause())
        : Future.succeededFuture(failure(ar.cause())));
  }

  /** As {@link #execute}, without a deadline of its own: a batch's commands share the batch's. Never fails. */
  Future<JsonObject> executeInBatch(String method, JsonObject request) {
    ApiMethod m = methods.get(method);
    if (m == null) {
      return Future.succeededFuture(ApiError.NOT_FOUND.response());
    }
    return invoke(m, request).transform(ar ->
        Future.succeededFuture(ar.succeeded() ? m.respond(ar.result()) : failure(ar.cause())));
  }

  private static Future<JsonObject> invoke(ApiMethod m, JsonObject request) {
    try {
      return m.call(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The response body of an expired call: the API's error shape, answered with HTTP 504. */
  static JsonObject timeoutResponse() {
    return ApiError.TIMEOUT.response();
  }

  static JsonObject result(JsonObject result) {
    return new JsonObject().put("result", result);
  }

  /**
   * The error response for a failed call: its refusal, or 100 for anything else. The latter is logged, at most once
   * per {@link #FAILURE_LOG_INTERVAL_MS} with the number left unlogged: a store that is down fails every call, and the
   * log must not grow with the request rate (the API metrics count every failure).
   */
  static JsonObject failure(Throwable cause) {
    if (cause instanceof ApiRefusal refusal) {
      return refusal.error.response();
    }
    if (cause instanceof PublicationBudget.Refused) {
      return ApiError.TOO_MANY_REQUESTS.response(); // counted by the budget; retrying later is the answer
    }
    if (hub.cluster.Quorum.refused(cause)) {
      // Below the quorum every stream and presence call is refused for as long as the split lasts: the quorum's
      // own WARN line said so once; the error answer tells the caller.
      LOG.log(DEBUG, "server API call refused below the cluster quorum: " + cause);
      return ApiError.INTERNAL.response();
    }
    long now = System.currentTimeMillis();
    long last = lastFailureLog.get();
    if (now - last >= FAILURE_LOG_INTERVAL_MS && lastFailureLog.compareAndSet(last, now)) {
      long unlogged = unloggedFailures.getAndSet(0);
      LOG.log(WARNING, "server API call failed: " + cause
          + (unlogged > 0 ? " (and " + unlogged + " more since the last such line)" : ""));
    } else {
      unloggedFailures.incrementAndGet();
    }
    return ApiError.INTERNAL.response();
  }
}
