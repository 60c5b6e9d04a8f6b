package hub.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.XmlConfigBuilder;
import hub.config.ClusterConfig;
import hub.config.ConfigException;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds the Hazelcast cluster manager from the operator's XML file plus what the hub itself needs (the presence
 * map with its TTL and indexes, split-brain protection of the hub's maps, an optional cluster-name override, and
 * optional interface pinning).
 */
public final class HazelcastSetup {

  static final String BIND_ANY = "hazelcast.socket.bind.any";

  private HazelcastSetup() {
  }

  /**
   * @param features  adds what other features keep in Hazelcast (the stream store's map and serialization)
   * @param streamMap the stream store's map, put under split-brain protection with presence
   */
  public static HazelcastClusterManager clusterManager(ClusterConfig cluster, Consumer<Config> features,
                                                       String streamMap) {
    Config config = load(Path.of(cluster.configFile()));
    if (cluster.name() != null) {
      config.setClusterName(cluster.name());
    }
    if (!cluster.interfaces().isEmpty()) {
      // Pinning: Hazelcast announces only these, and, with bind.any off, listens only there too; by default it picks
      // the announced address from <interfaces> but still listens on the wildcard address of every interface.
      InterfacesConfig pinned = config.getNetworkConfig().getInterfaces().clear().setEnabled(true);
      cluster.interfaces().forEach(pinned::addInterface);
      config.setProperty(BIND_ANY, "false");
    }
    HazelcastPresenceStore.configure(config, cluster.presenceTtl());
    features.accept(config);
    new Quorum(cluster.quorum()).configure(config, HazelcastPresenceStore.MAP_NAME, streamMap);
    return new HazelcastClusterManager(config);
  }

  static Config load(Path file) {
    if (!Files.isReadable(file)) {
      throw new ConfigException("cluster.configFile", "cannot read " + file.toAbsolutePath());
    }
    try {
      return new XmlConfigBuilder(file.toString()).build();
    } catch (FileNotFoundException e) {
      throw new ConfigException("cluster.configFile", "cannot read " + file + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("cluster.configFile", file + " is not a valid Hazelcast configuration: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }
}
