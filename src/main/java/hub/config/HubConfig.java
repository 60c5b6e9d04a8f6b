package hub.config;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The whole node configuration, immutable and therefore safe to share across event loops. Built only through
 * {@link #fromJson(JsonObject)}, which applies the named defaults, checks ranges and rejects unknown keys.
 */
public record HubConfig(
    String nodeName,
    HttpConfig http,
    AuthConfig auth,
    ApiConfig api,
    ClientConfig client,
    ChannelsConfig channels,
    ShutdownConfig shutdown,
    ClusterConfig cluster,
    JvmConfig jvm,
    HistoryConfig history,
    LogConfig log,
    Map<String, ProxyConfig> proxies,
    AdminConfig admin,
    LimitsConfig limits) {

  public static HubConfig fromJson(JsonObject json) {
    JsonReader r = JsonReader.root(json);
    JsonReader node = r.object("node");
    String nodeName = node.string("name", defaultNodeName());
    node.rejectUnknownKeys();
    HubConfig c = new HubConfig(
        nodeName,
        HttpConfig.from(r.object("http")),
        AuthConfig.from(r.object("auth")),
        ApiConfig.from(r.object("api")),
        ClientConfig.from(r.object("client")),
        ChannelsConfig.from(r.object("channels")),
        ShutdownConfig.from(r.object("shutdown")),
        ClusterConfig.from(r.object("cluster")),
        JvmConfig.from(r.object("jvm")),
        HistoryConfig.from(r.object("history")),
        LogConfig.from(r.object("log")),
        ProxyConfig.allFrom(r.object("proxies")),
        AdminConfig.from(r.object("admin")),
        LimitsConfig.from(r.object("limits")));
    r.rejectUnknownKeys();
    c.checkProxyNames();
    return c;
  }

  /** Every proxy name used anywhere must be defined under {@code proxies}. */
  private void checkProxyNames() {
    ClientProxies cp = client.proxies();
    ProxyConfig.checkRef(proxies, "client.connectProxy", cp.connect());
    ProxyConfig.checkRef(proxies, "client.refreshProxy", cp.refresh());
    ProxyConfig.checkRef(proxies, "client.rpcProxy", cp.rpc());
    checkChannelProxies("channels.default", channels.defaults().proxies());
    channels.namespaces().forEach((ns, o) -> checkChannelProxies("channels.namespaces." + ns, o.proxies()));
  }

  private void checkChannelProxies(String path, ChannelProxies p) {
    ProxyConfig.checkRef(proxies, path + ".subscribeProxy", p.subscribe());
    ProxyConfig.checkRef(proxies, path + ".publishProxy", p.publish());
    ProxyConfig.checkRef(proxies, path + ".subRefreshProxy", p.subRefresh());
  }

  private static String defaultNodeName() {
    String host = System.getenv("HOSTNAME");
    return host != null && !host.isBlank() ? host : "hub";
  }
}
