package hub.proxy;

import hub.config.ProxyConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's proxies by name, and the bound every call shares: at most {@code client.proxyMaxInFlight} calls in
 * flight on the node, beyond which a call is answered with error 100 at once instead of queueing behind a slow
 * backend. Thread-safe: shared by every shard.
 */
public final class Proxies {

  public static final String CALLS = "hub.proxy.calls";
  public static final String IN_FLIGHT = "hub.proxy.inflight";
  public static final String LATE = "hub.proxy.late";
  /** Bounded tag values of {@link #CALLS}. */
  public static final List<String> KINDS = List.of("connect", "refresh", "subscribe", "publish", "sub_refresh",
      "rpc", "send");
  public static final List<String> OUTCOMES = List.of("result", "error", "disconnect", "unavailable", "overloaded");

  /** Connections per backend host; calls beyond it queue in the pool, still bounded by their timeout. */
  static final int MAX_POOL = 256;

  private final Map<String, ProxyCaller> callers;
  private final HttpClient web;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Counter late;
  private final MeterRegistry registry;
  private final Map<String, Counter> calls = new ConcurrentHashMap<>();

  public Proxies(Vertx vertx, Map<String, ProxyConfig> configs, int maxInFlight, MeterRegistry registry) {
    this.maxInFlight = maxInFlight;
    this.registry = registry;
    boolean anyHttp = configs.values().stream().anyMatch(c -> !c.eventBus());
    // One client for every HTTP proxy: its pool keeps connections alive per host, up to maxInFlight of them.
    // A plain HttpClient rather than a WebClient: the answer is read chunk by chunk so its bound is checked as it
    // arrives, and the WebClient's body codecs cannot reset the connection of a response they refuse.
    this.web = anyHttp ? vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(Math.min(maxInFlight, MAX_POOL))) : null;
    Map<String, ProxyCaller> byName = new TreeMap<>();
    configs.forEach((name, c) -> byName.put(name,
        c.eventBus() ? new EventBusProxyCaller(vertx.eventBus(), c) : new HttpProxyCaller(vertx, web, c)));
    this.callers = Map.copyOf(byName);
    Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).description("Proxy calls waiting for their backend")
        .register(registry);
    this.late = Counter.builder(LATE).description("Proxy answers dropped because their session had closed")
        .register(registry);
    for (String kind : KINDS) {
      for (String outcome : OUTCOMES) {
        counter(kind, outcome);
      }
    }
  }

  /**
   * Calls proxy {@code name}. The answer comes back through {@link ProxyCall#reply()}; the caller keeps the call
   * until then so that its close path can {@link ProxyCall#abandon()} it.
   */
  public ProxyCall call(String name, String kind, JsonObject request, Map<String, String> headers) {
    ProxyCaller caller = callers.get(name); // the configuration checked every name at start
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      counter(kind, "overloaded").increment();
      return ProxyCall.settled(ProxyReply.UNAVAILABLE);
    }
    ProxyCall call = new ProxyCall(inFlight::decrementAndGet, late::increment);
    caller.call(kind, request, headers).onComplete(ar -> {
      ProxyReply reply = ar.succeeded() ? ar.result() : ProxyReply.UNAVAILABLE;
      counter(kind, outcome(reply)).increment();
      call.answered(reply);
    });
    return call;
  }

  /** A one-way message: it takes a slot while an HTTP POST is outstanding, and is dropped when none is free. */
  public void send(String name, String kind, JsonObject request, Map<String, String> headers) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      counter(kind, "overloaded").increment();
      return;
    }
    callers.get(name).send(kind, request, headers).onComplete(ar -> {
      inFlight.decrementAndGet();
      counter(kind, ar.succeeded() ? "result" : "unavailable").increment();
    });
  }

  public int inFlight() {
    return inFlight.get();
  }

  public double lateAnswers() {
    return late.count();
  }

  /** Closes the HTTP pool; calls still in flight fail and are mapped like any other failure. */
  public void close() {
    if (web != null) {
      web.close();
    }
  }

  private static String outcome(ProxyReply reply) {
    if (reply == ProxyReply.UNAVAILABLE) {
      return "unavailable";
    }
    if (reply instanceof ProxyReply.Result) {
      return "result";
    }
    return reply instanceof ProxyReply.Refused ? "error" : "disconnect";
  }

  private Counter counter(String kind, String outcome) {
    return calls.computeIfAbsent(kind + '/' + outcome, k -> Counter.builder(CALLS).tag("kind", kind)
        .tag("outcome", outcome).description("Proxy calls, by kind and outcome").register(registry));
  }
}
