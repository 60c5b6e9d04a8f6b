package hub;

import hub.api.ApiExecutor;
import hub.api.EventBusApi;
import hub.api.HttpApi;
import hub.api.NodeStats;
import hub.auth.ConnectionLimiter;
import hub.auth.HandshakeGate;
import hub.auth.OriginPolicy;
import hub.auth.TokenVerifier;
import hub.channel.ChannelPattern;
import hub.channel.ChannelPolicy;
import hub.channel.NodeChannelTable;
import hub.cluster.Broker;
import hub.cluster.EventBusBroker;
import hub.config.HubConfig;
import hub.health.HealthRoutes;
import hub.health.Readiness;
import hub.metrics.HubMetrics;
import hub.metrics.LiveResources;
import hub.session.CloseReason;
import hub.session.ShardServices;
import hub.transport.GatewayVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Composition root of one hub node: builds Vert.x with metrics, wires the node-wide services, deploys one gateway
 * (and so one session shard) per event loop, and registers the event-bus API. Start and stop are Future chains so
 * that each step begins only when the one before it has finished.
 */
public final class HubNode {

  private final HubConfig config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final HubMetrics metrics;
  private final Readiness readiness = new Readiness();
  private final String nodeId = UUID.randomUUID().toString();
  private final List<GatewayVerticle> gateways = new ArrayList<>();
  private EventBusApi eventBusApi;

  private HubNode(HubConfig config, Vertx vertx, PrometheusMeterRegistry registry) {
    this.config = config;
    this.vertx = vertx;
    this.registry = registry;
    this.metrics = new HubMetrics(registry, new LiveResources(), CloseReason.TAGS, HandshakeGate.REJECT_REASONS);
  }

  /** Builds and starts a single node; the future fails when any step fails (the port is taken, for example). */
  public static Future<HubNode> start(HubConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("realtime-hub-" + UUID.randomUUID())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxOptions options = new VertxOptions()
        .setEventLoopPoolSize(config.http().effectiveEventLoops())
        .setMetricsOptions(metricsOptions);
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    HubNode node = new HubNode(config, vertx, registry);
    return node.deploy().map(node).recover(err -> vertx.close().transform(v -> Future.failedFuture(err)));
  }

  private Future<Void> deploy() {
    Clock clock = Clock.systemUTC();
    LiveResources live = metrics.live();
    NodeChannelTable nodeChannels = new NodeChannelTable(live);
    ChannelPolicy policy = new ChannelPolicy(config.channels());
    Broker broker = new EventBusBroker(vertx.eventBus());
    TokenVerifier tokens = new TokenVerifier(vertx, config.auth(), clock);
    ConnectionLimiter limiter = new ConnectionLimiter(config.client().maxConnections());
    HandshakeGate gate = new HandshakeGate(new OriginPolicy(config.client().allowedOrigins()), limiter, tokens,
        readiness::isDraining);
    ShardServices services = new ShardServices(nodeId, config, policy, metrics, tokens, broker, nodeChannels, clock);
    int shards = config.http().effectiveEventLoops();
    NodeStats stats = new NodeStats(vertx, nodeId, config.nodeName(), shards, () -> live.channels());
    ApiExecutor api = new ApiExecutor(broker, policy,
        ignored -> stats.info().map(node -> new JsonObject().put("nodes", new JsonArray().add(node))),
        pattern -> stats.channels().map(counts -> ChannelPattern.filter(counts, pattern)));
    HttpApi httpApi = new HttpApi(api, config.api(), metrics, config.http().maxBodyBytes());
    eventBusApi = new EventBusApi(api, metrics);

    Future<Void> chain = eventBusApi.register(vertx.eventBus());
    for (int i = 0; i < shards; i++) {
      GatewayVerticle gateway = new GatewayVerticle(i, services, gate, limiter, v -> {
        Router router = Router.router(v);
        HealthRoutes.mount(router, v, readiness);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        httpApi.mount(router);
        return router;
      });
      gateways.add(gateway);
      chain = chain.compose(v -> vertx.deployVerticle(gateway).mapEmpty());
    }
    return chain.onSuccess(v -> readiness.listening(true));
  }

  /**
   * Graceful stop: readiness goes false and upgrades are refused, every session is closed with 3001 spread over the
   * drain window, then Vert.x is closed.
   */
  public Future<Void> stop() {
    return drain(config.shutdown().drainWindow()).compose(v -> close());
  }

  /** Refuses new upgrades and closes every session with 3001 over {@code window}. */
  public Future<Void> drain(Duration window) {
    readiness.startDraining();
    List<Future<Void>> drained = new ArrayList<>();
    gateways.forEach(g -> drained.add(g.drain(window)));
    return Future.all(drained).mapEmpty();
  }

  /** Immediate stop: sessions still open are closed with 3001 by their shards as Vert.x undeploys them. */
  public Future<Void> close() {
    readiness.listening(false);
    return vertx.close();
  }

  public int port() {
    return gateways.get(0).actualPort();
  }

  public String nodeId() {
    return nodeId;
  }

  public Vertx vertx() {
    return vertx;
  }

  public HubConfig config() {
    return config;
  }

  public HubMetrics metrics() {
    return metrics;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Readiness readiness() {
    return readiness;
  }
}
