package hub.config;

import io.vertx.core.json.JsonObject;

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
    AdminConfig admin) {

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
        AdminConfig.from(r.object("admin")));
    r.rejectUnknownKeys();
    return c;
  }

  private static String defaultNodeName() {
    String host = System.getenv("HOSTNAME");
    return host != null && !host.isBlank() ? host : "hub";
  }
}
