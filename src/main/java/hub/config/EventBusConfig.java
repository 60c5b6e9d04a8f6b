package hub.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the clustered event bus listens and how its members prove who they are (issue 10, item 12). Without
 * {@code tls} the event bus is plain TCP that any host able to reach the port may speak to. Immutable.
 *
 * @param publicHost the address other nodes dial to reach this one (behind NAT, a container's outside address);
 *                   null: the bind host ({@code cluster.host})
 * @param port       the port the event bus listens on; 0 picks a free one (the address goes through Hazelcast)
 * @param tls        mutual TLS between nodes, or null for plain TCP
 */
public record EventBusConfig(String publicHost, int port, Tls tls) {

  public static final int DEFAULT_PORT = 0;

  /**
   * Mutual TLS: every node presents its key and certificate, and accepts a peer (as server and as client, so
   * {@code clientAuth} is always REQUIRED) only when the peer's certificate chains to the trust material. Exactly one
   * of {@code keyStore} or {@code certPem}+{@code keyPem}, and one of {@code trustStore} or {@code trustPem}. Stores
   * are PKCS12 ({@code .p12}, {@code .pfx}) or JKS ({@code .jks}), by file name.
   */
  public record Tls(String keyStore, String keyStorePassword, String certPem, String keyPem,
                    String trustStore, String trustStorePassword, String trustPem) {

    /** The store type Vert.x and the JDK call it by, from the file name. */
    public static String storeType(String path) {
      String p = path.toLowerCase(Locale.ROOT);
      return p.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    static Tls from(JsonReader r) {
      Tls t = new Tls(file(r, "keyStore"), r.string("keyStorePassword", null), file(r, "certPem"),
          file(r, "keyPem"), file(r, "trustStore"), r.string("trustStorePassword", null), file(r, "trustPem"));
      r.rejectUnknownKeys();
      boolean store = t.keyStore != null;
      boolean pem = t.certPem != null || t.keyPem != null;
      if (store == pem) {
        throw new ConfigException(r.pathOf("keyStore"), "give keyStore, or certPem and keyPem (exactly one kind)");
      }
      if (pem && (t.certPem == null || t.keyPem == null)) {
        throw new ConfigException(r.pathOf(t.certPem == null ? "certPem" : "keyPem"), "is required with the other");
      }
      if ((t.trustStore == null) == (t.trustPem == null)) {
        throw new ConfigException(r.pathOf("trustStore"), "give trustStore or trustPem (exactly one)");
      }
      return t;
    }

    private static String file(JsonReader r, String key) {
      String path = r.string(key, null);
      if (path != null && !Files.isReadable(Path.of(path))) {
        throw new ConfigException(r.pathOf(key), "cannot read " + Path.of(path).toAbsolutePath());
      }
      return path;
    }
  }

  static EventBusConfig from(JsonReader r) {
    String publicHost = r.string("publicHost", null);
    int port = r.integer("port", DEFAULT_PORT, 0, 65_535);
    JsonReader tls = r.object("tls");
    boolean on = tls.bool("enabled", false);
    Tls t = on ? Tls.from(tls) : null;
    if (!on) {
      tls.rejectUnknownKeys(); // key paths under a disabled tls would be a silent no-op: refuse them
    }
    r.rejectUnknownKeys();
    if (publicHost != null && publicHost.isBlank()) {
      throw new ConfigException(r.pathOf("publicHost"), "must not be empty");
    }
    return new EventBusConfig(publicHost, port, t);
  }
}
