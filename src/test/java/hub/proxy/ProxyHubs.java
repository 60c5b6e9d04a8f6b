package hub.proxy;

import hub.support.Await;
import hub.support.ProxyBackend;
import hub.support.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fixture of the proxy ITs: two hubs built from one config, one calling its proxies over HTTP (a Vert.x server
 * in the test) and one over its own event bus, each with the backend that answers it. A test class starts one in
 * {@code @BeforeAll}, checks {@link #assertIdleAndReset} after each test and closes it in {@code @AfterAll}.
 */
final class ProxyHubs implements AutoCloseable {

  enum Via { HTTP, EVENT_BUS }

  private final Map<Via, TestHub> hubs = new EnumMap<>(Via.class);
  private final Map<Via, ProxyBackend> backends = new EnumMap<>(Via.class);
  private final Vertx backendVertx = Vertx.vertx();

  /**
   * @param address the event-bus address the second hub's proxies call
   * @param config  the hub config, given the endpoint of each proxy kind
   */
  static ProxyHubs start(String address, Function<Function<String, String>, JsonObject> config) {
    ProxyHubs f = new ProxyHubs();
    ProxyBackend http = ProxyBackend.http(f.backendVertx);
    f.backends.put(Via.HTTP, http);
    f.hubs.put(Via.HTTP, TestHub.start(config.apply(http::httpEndpoint)));
    TestHub bus = TestHub.start(config.apply(kind -> "eventbus:" + address));
    f.hubs.put(Via.EVENT_BUS, bus);
    f.backends.put(Via.EVENT_BUS, ProxyBackend.eventBus(bus.node().vertx(), address));
    return f;
  }

  /** The {@code proxies} config section: one proxy per kind, named by its kind, forwarding {@code headers}. */
  static JsonObject proxies(Function<String, String> endpoint, int timeoutMs, List<String> headers, String... kinds) {
    JsonObject proxies = new JsonObject();
    for (String kind : kinds) {
      JsonObject proxy = new JsonObject().put("endpoint", endpoint.apply(kind)).put("timeoutMs", timeoutMs);
      if (!headers.isEmpty()) {
        proxy.put("httpHeaders", new JsonArray(headers));
      }
      proxies.put(kind, proxy);
    }
    return proxies;
  }

  Map<Via, TestHub> hubs() {
    return Collections.unmodifiableMap(hubs);
  }

  Map<Via, ProxyBackend> backends() {
    return Collections.unmodifiableMap(backends);
  }

  /** The test's own Vert.x (the HTTP backend's), for clients that need one. */
  Vertx vertx() {
    return backendVertx;
  }

  /** After a test whose clients are closed: both hubs idle, both backends forget their answers and requests. */
  void assertIdleAndReset() {
    hubs.values().forEach(TestHub::assertIdle);
    backends.values().forEach(ProxyBackend::reset);
  }

  @Override
  public void close() {
    backends.values().forEach(ProxyBackend::close);
    hubs.values().forEach(TestHub::close);
    Await.result(backendVertx.close());
  }
}
