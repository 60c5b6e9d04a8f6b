package hub.config;

import java.time.Duration;

/**
 * Clustering over Hazelcast.
 *
 * @param enabled     whether the node joins a cluster (also set by the {@code -cluster} command-line flag)
 * @param configFile  Hazelcast XML configuration; {@code cluster.xml} in the working directory by default
 * @param name        overrides the Hazelcast cluster name from the XML when not null (separate clusters on one network)
 * @param host        event-bus address other nodes use to reach this one; null follows Hazelcast's member address
 * @param presenceTtl how long a presence entry lives unless its node refreshes it; bounds ghosts of a dead node
 * @param quorum      members a node must see to serve: below it the node is not ready, its presence and stream maps
 *                    refuse work, and it purges nobody's presence (split-brain protection); 0 or 1 is off
 */
public record ClusterConfig(boolean enabled, String configFile, String name, String host, Duration presenceTtl,
                            int quorum) {

  public static final String DEFAULT_CONFIG_FILE = "cluster.xml";
  public static final Duration DEFAULT_PRESENCE_TTL = Duration.ofSeconds(15);
  /** Off: a single node (the default deployment) is always its own quorum. */
  public static final int DEFAULT_QUORUM = 0;
  public static final int MAX_QUORUM = 1000;

  static ClusterConfig from(JsonReader r) {
    ClusterConfig c = new ClusterConfig(
        r.bool("enabled", false),
        r.string("configFile", DEFAULT_CONFIG_FILE),
        r.string("name", null),
        r.string("host", null),
        r.millis("presenceTtlMs", DEFAULT_PRESENCE_TTL, 3_000, 300_000),
        r.integer("quorum", DEFAULT_QUORUM, 0, MAX_QUORUM));
    r.rejectUnknownKeys();
    if (c.name != null && c.name.isBlank()) {
      throw new ConfigException(r.pathOf("name"), "must not be empty");
    }
    return c;
  }

  /** Whether split-brain protection is on: a quorum of one is met by any running member. */
  public boolean quorumEnabled() {
    return quorum > 1;
  }
}
