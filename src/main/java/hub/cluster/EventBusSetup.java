package hub.cluster;

import hub.config.ClusterConfig;
import hub.config.EventBusConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Applies {@code cluster.host} and {@code cluster.eventBus} to the clustered event bus: bind and public address,
 * port, and mutual TLS (issue 10, item 12). Each node is both server (peers dial it to deliver) and client (it dials
 * peers), and the same options serve both sides in Vert.x, so one key and one trust set cover a node: a peer whose
 * certificate does not chain to the trust set can neither deliver to this node nor receive from it. Stateless.
 */
public final class EventBusSetup {

  private EventBusSetup() {
  }

  public static void apply(ClusterConfig cluster, EventBusOptions options) {
    if (cluster.host() != null) {
      options.setHost(cluster.host());
    }
    EventBusConfig bus = cluster.eventBus();
    if (bus.publicHost() != null) {
      options.setClusterPublicHost(bus.publicHost());
    }
    options.setPort(bus.port());
    if (bus.tls() != null) {
      tls(bus.tls(), options);
    }
  }

  private static void tls(EventBusConfig.Tls tls, EventBusOptions options) {
    options.setSsl(true).setClientAuth(ClientAuth.REQUIRED).setTrustAll(false);
    // Vert.x copies these options through toJson() into the event bus's NetServer and NetClient options, and only
    // the typed JKS, PFX and PEM classes survive that copy (a generic KeyStoreOptions is silently dropped).
    if (tls.keyStore() != null) {
      options.setKeyCertOptions(store(tls.keyStore(), tls.keyStorePassword()));
    } else {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPem()).setKeyPath(tls.keyPem()));
    }
    if (tls.trustStore() != null) {
      options.setTrustOptions(store(tls.trustStore(), tls.trustStorePassword()));
    } else {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.trustPem()));
    }
  }

  private static KeyStoreOptionsBase store(String path, String password) {
    return "JKS".equals(EventBusConfig.Tls.storeType(path))
        ? new JksOptions().setPath(path).setPassword(password)
        : new PfxOptions().setPath(path).setPassword(password);
  }
}
