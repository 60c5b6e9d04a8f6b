package hub;

import hub.api.ApiDeadline;
import hub.api.ApiExecutor;
import hub.api.EventBusApi;
import hub.admin.AdminRoutes;
import hub.admin.AdminTokens;
import hub.api.HttpApi;
import hub.api.NodeStats;
import hub.auth.AddressLimiter;
import hub.auth.ConnectionLimiter;
import hub.auth.HandshakeGate;
import hub.auth.OriginPolicy;
import hub.auth.TokenCheck;
import hub.auth.TokenVerifier;
import hub.channel.ChannelPattern;
import hub.channel.ChannelPolicy;
import hub.channel.NodeChannelTable;
import hub.cluster.Addresses;
import hub.cluster.ClusterNode;
import hub.cluster.EventBusBroker;
import hub.cluster.EventBusSetup;
import hub.cluster.HazelcastSetup;
import hub.log.LogFields;
import hub.cluster.PresenceStore;
import hub.config.HistoryConfig;
import hub.config.HubConfig;
import hub.health.HealthRoutes;
import hub.health.Readiness;
import hub.metrics.HttpMethodLabel;
import hub.metrics.HubMetrics;
import hub.metrics.LiveResources;
import hub.metrics.VertxGaugeNotice;
import hub.session.CloseReason;
import hub.session.ShardServices;
import hub.proxy.Proxies;
import hub.stream.MemoryStreamStore;
import hub.stream.StoreCalls;
import hub.stream.StreamPublisher;
import hub.stream.StreamStore;
import hub.stream.hazelcast.HazelcastStreamStore;
import hub.stream.hazelcast.StreamSerialization;
import hub.transport.EmulationSessions;
import hub.transport.GatewayVerticle;
import hub.transport.TransportChoice;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Composition root of one hub node: builds Vert.x with metrics (clustered over Hazelcast when configured), wires the
 * node-wide services, deploys one gateway (and so one session shard) per event loop, and registers the event-bus
 * API. Start and stop are Future chains so that each step begins only when the one before it has finished.
 */
public final class HubNode {

  private final HubConfig config;
  private final NodeBackends backends;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final HubMetrics metrics;
  private final ClusterNode cluster;
  private final String nodeId;
  private final String transportName;
  private final Readiness readiness = new Readiness();
  private final List<GatewayVerticle> gateways = new ArrayList<>();
  private volatile PresenceStore presence;
  private MessageConsumer<JsonObject> nodeQueries;
  /** The first gateway's router (all are alike), kept so the served routes can be listed; set on its loop. */
  private final AtomicReference<Router> firstRouter =
      new AtomicReference<>();
  private volatile Set<String> apiMethods = Set.of();
  private volatile NodeBudget budget;

  private HubNode(HubConfig config, NodeBackends backends, Vertx vertx, PrometheusMeterRegistry registry,
                  HazelcastClusterManager clusterManager, String transportName) {
    this.config = config;
    this.backends = backends;
    this.transportName = transportName;
    this.vertx = vertx;
    this.registry = registry;
    this.metrics = new HubMetrics(registry, new LiveResources(), CloseReason.TAGS, HandshakeGate.REJECT_REASONS);
    metrics.quorumChangeSeries();
    // Built means joined: buildClustered() completes only once this member is in the cluster.
    this.cluster = new ClusterNode(vertx, clusterManager, config.cluster().quorum(), metrics::quorumChanged,
        new ClusterNode.Signals(readiness::clusterJoined, readiness::quorum, readiness::routed));
    this.nodeId = cluster.nodeId();
    metrics.clusterMembers(cluster::size);
    metrics.clusterSafe(cluster::backupsInSync);
    metrics.clusterQuorum(cluster.quorum()::met);
  }

  /**
   * Builds and starts a node; clustered nodes complete only after joining. The future fails when any step fails
   * (the port is taken, the cluster configuration is unreadable, ...).
   */
  public static Future<HubNode> start(HubConfig config) {
    return start(config, NodeBackends.AS_BUILT);
  }

  /** As {@link #start(HubConfig)}, with the stores passed through {@code backends} (tests play slow stores). */
  public static Future<HubNode> start(HubConfig config, NodeBackends backends) {
    VertxGaugeNotice.install();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpMethodLabel.install(registry);
    MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("realtime-hub-" + UUID.randomUUID())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxOptions options = new VertxOptions()
        .setEventLoopPoolSize(config.http().effectiveEventLoops())
        .setMetricsOptions(metricsOptions);
    Transport transport = TransportChoice.resolve(config.http().transport());
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
        .withTransport(transport);
    Future<Vertx> built;
    HazelcastClusterManager cm = null;
    if (config.cluster().enabled()) {
      cm = HazelcastSetup.clusterManager(config.cluster(), StreamSerialization::configure, StreamSerialization.MAP);
      EventBusSetup.apply(config.cluster(), options.getEventBusOptions());
      built = builder.withClusterManager(cm).buildClustered();
    } else {
      built = Future.succeededFuture(builder.build());
    }
    HazelcastClusterManager clusterManager = cm;
    return built.compose(vertx -> {
      HubNode node = new HubNode(config, backends, vertx, registry, clusterManager, transport.name());
      Future<Void> deployed;
      try {
        deployed = node.deploy();
      } catch (RuntimeException e) {
        deployed = Future.failedFuture(e);
      }
      // Whatever failed, close what was built (event loops, cluster membership) before reporting it.
      return deployed.map(node).recover(err -> vertx.close().transform(v -> Future.failedFuture(err)));
    });
  }

  private Future<Void> deploy() {
    Clock clock = Clock.systemUTC();
    LiveResources live = metrics.live();
    ChannelPolicy policy = new ChannelPolicy(config.channels());
    EventBusBroker broker = cluster.broker();
    presence = backends.presence().apply(cluster.presence());
    metrics.tokenReasons(TokenCheck.Reason.TAGS);
    TokenVerifier tokens = new TokenVerifier(vertx, config.auth(), clock, metrics::tokenRefused);
    ConnectionLimiter limiter = new ConnectionLimiter(config.client().maxConnections());
    boolean bearerForProxy = config.client().proxies().connect() != null && config.proxies().values().stream()
        .anyMatch(p -> p.httpHeaders().contains("authorization"));
    AddressLimiter addresses = new AddressLimiter(config.http().maxPendingPerAddress(),
        config.http().maxPending());
    metrics.httpPending(addresses::total);
    HandshakeGate gate = new HandshakeGate(new OriginPolicy(config.client().allowedOrigins()), limiter, tokens,
        readiness::isDraining, bearerForProxy);
    StreamStore store = backends.streamStore().apply(createStreamStore());
    metrics.historyGauges(store::channels, store::bytes);
    budget = NodeBudget.start(vertx, config.limits(), metrics, clock::millis);
    StreamPublisher streams = new StreamPublisher(broker, store,
        new StoreCalls(config.history().storeTimeout().toMillis(), metrics::storeCall), budget.budget(),
        refusal -> metrics.publicationRefused(refusal.tag()));
    // Closed with the Vert.x instance (its HTTP pool belongs to it).
    Proxies proxies = new Proxies(vertx, config.proxies(), config.client().proxies().maxInFlight(), registry);
    ShardServices services = new ShardServices(nodeId, config, policy, metrics, tokens, broker,
        new NodeChannelTable(live), presence, clock, streams, proxies);
    int shards = config.http().effectiveEventLoops();
    NodeStats stats = new NodeStats(vertx, nodeId, config.nodeName(), shards, live::channels, metrics,
        cluster::size);
    ApiExecutor api = new ApiExecutor(broker, streams, policy, presence, config.limits(), cluster::info,
        pattern -> cluster.channels().map(counts -> ChannelPattern.filter(counts, pattern)),
        new ApiDeadline(vertx, config.api().requestTimeout().toMillis(), metrics::apiTimeout));
    AdminRoutes admin = config.admin().enabled()
        ? new AdminRoutes(new AdminTokens(config.admin().password(), config.admin().tokenTtl(), Clock.systemUTC()))
        : null;
    HttpApi httpApi = new HttpApi(api, config.api(), metrics, config.http().maxBodyBytes(),
        req -> admin != null && admin.allows(req));
    EventBusApi eventBusApi = new EventBusApi(api, metrics);
    apiMethods = Set.copyOf(api.methods());
    metrics.apiMethods(apiMethods);

    nodeQueries = vertx.eventBus().consumer(Addresses.nodeQuery(nodeId), msg -> {
      String op = msg.body() == null ? "" : msg.body().getString("op", "");
      Future<JsonObject> answer = "channels".equals(op) ? stats.channels() : stats.info();
      answer.onComplete(ar -> msg.reply(ar.succeeded() ? ar.result() : new JsonObject()));
    });
    EmulationSessions emulation = new EmulationSessions();
    Future<Void> chain = Future.all(nodeQueries.completion(), eventBusApi.register(vertx.eventBus(), nodeId),
        emulation.serveRelays(vertx, nodeId)).mapEmpty();
    for (int i = 0; i < shards; i++) {
      GatewayVerticle gateway = new GatewayVerticle(i, services, gate, limiter, addresses, v -> {
        Router router = Router.router(v);
        firstRouter.compareAndSet(null, router);
        HealthRoutes.mount(router, v, readiness);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        httpApi.mount(router);
        if (admin != null) {
          admin.mount(router);
        }
        return router;
      }, emulation);
      gateways.add(gateway);
      chain = chain.compose(v -> vertx.deployVerticle(gateway).mapEmpty());
    }
    // Every shard's consumer is registered by now; readiness still waits for the peers to route to them.
    return chain.compose(v -> cluster.startRouting()).onSuccess(v -> readiness.listening(true));
  }

  private StreamStore createStreamStore() {
    HistoryConfig history = config.history();
    if (cluster.clustered()) {
      return new HazelcastStreamStore(vertx, cluster.hazelcast(), history.maxBytes(),
          history.sweepInterval().toMillis(), System::currentTimeMillis, metrics::historyShed);
    }
    return new MemoryStreamStore(history.maxBytes(), history.sweepInterval().toMillis(), System::currentTimeMillis,
        metrics::historyShed);
  }

  /**
   * Graceful stop: readiness goes false and upgrades are refused, every session is closed with 3001 spread over the
   * drain window, this node's presence entries are removed, then Vert.x is closed (leaving the cluster).
   */
  public Future<Void> stop() {
    // Each phase's time goes into one log line at the end: a rolling deploy waits for the slowest of them (issue 10
    // item 19), and which one that is differs between a single node (the drain) and a cluster member (leaving).
    java.util.Map<String, Object> took = new java.util.LinkedHashMap<>();
    long[] since = {System.nanoTime()};
    java.util.function.Consumer<String> phase = name -> {
      long now = System.nanoTime();
      took.put(name + "Ms", (now - since[0]) / 1_000_000);
      since[0] = now;
    };
    return drain(config.shutdown().drainWindow())
        .andThen(v -> phase.accept("drain"))
        .compose(v -> presence.removeNode(nodeId).otherwiseEmpty())
        .andThen(v -> phase.accept("presence"))
        .compose(v -> undeployAll())
        .andThen(v -> phase.accept("undeploy"))
        .compose(v -> close())
        .andThen(v -> {
          phase.accept(cluster.clustered() ? "leave" : "close");
          System.getLogger(HubNode.class.getName()).log(System.Logger.Level.INFO, "stop phases",
              LogFields.of(took.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                  .toArray()));
        });
  }

  /** Stops the gateways (servers, shards, their event-bus consumers) while the cluster is still there. */
  private Future<Void> undeployAll() {
    List<Future<Void>> undeployed = new ArrayList<>();
    vertx.deploymentIDs().forEach(id -> undeployed.add(vertx.undeploy(id)));
    return Future.join(undeployed).<Void>mapEmpty().otherwiseEmpty();
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
    if (budget != null) {
      budget.stop();
    }
    return vertx.close();
  }

  /**
   * The plain-HTTP routes served, as {@code "METHOD /path"} ({@code "* /path"} for any method; vertx-web's own
   * syntax, e.g. {@code /api/:method}); the WebSocket upgrade is not a route. For the API description's test.
   */
  public List<String> httpRoutes() {
    List<String> out = new ArrayList<>();
    Router router = firstRouter.get();
    if (router != null) {
      router.getRoutes().forEach(r -> {
        if (r.getPath() == null) {
          return;
        }
        if (r.methods() == null || r.methods().isEmpty()) {
          out.add("* " + r.getPath());
        } else {
          r.methods().forEach(m -> out.add(m.name() + " " + r.getPath()));
        }
      });
    }
    return out;
  }

  /** The server API methods served at {@code /api/<method>} and on the event bus. */
  public Set<String> apiMethods() {
    return apiMethods;
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

  /** The socket layer the event loops run on: nio, epoll or io_uring. */
  public String transportName() {
    return transportName;
  }

  /** Cluster members this node sees, itself included (1 when not clustered; 0 once its member has shut down). */
  public int clusterSize() {
    return cluster.size();
  }
}
