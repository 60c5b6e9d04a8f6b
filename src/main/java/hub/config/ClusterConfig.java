package hub.config;

import java.time.Duration;
import java.util.List;

/**
 * Clustering over Hazelcast.
 *
 * @param enabled     whether the node joins a cluster (also set by the {@code -cluster} command-line flag)
 * @param configFile  Hazelcast XML configuration; {@code cluster.xml} in the working directory by default
 * @param name        overrides the Hazelcast cluster name from the XML when not null (separate clusters on one network)
 * @param host        event-bus bind address, also the one other nodes dial unless {@code eventBus.publicHost} says
 *                    otherwise; null follows Hazelcast's member address
 * @param presenceTtl how long a presence entry lives unless its node refreshes it; bounds ghosts of a dead node
 * @param quorum      members a node must see to serve: below it the node is not ready, its presence and stream maps
 *                    refuse work, and it purges nobody's presence (split-brain protection); 0 or 1 is off
 * @param interfaces  when not empty, the only interfaces Hazelcast binds and announces (replaces the XML's
 *                    {@code <interfaces>}); entries are addresses or Hazelcast wildcards such as {@code 10.0.1.*}
 * @param eventBus    event-bus port, public host and mutual TLS
 */
public record ClusterConfig(boolean enabled, String configFile, String name, String host, Duration presenceTtl,
                            int quorum, List<String> interfaces, EventBusConfig eventBus) {

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
        r.integer("quorum", DEFAULT_QUORUM, 0, MAX_QUORUM),
        r.strings("interfaces", List.of()),
        EventBusConfig.from(r.object("eventBus")));
    r.rejectUnknownKeys();
    if (c.name != null && c.name.isBlank()) {
      throw new ConfigException(r.pathOf("name"), "must not be empty");
    }
    for (String i : c.interfaces) {
      // Hazelcast's own syntax: digits, dots, '*' for a whole octet and '-' for a range (10.0.1.10-20).
      if (!i.matches("[0-9*.\\-]+")) {
        throw new ConfigException(r.pathOf("interfaces"),
            "must be IPv4 addresses or patterns like 10.0.1.* (got \"" + i + "\")");
      }
    }
    return c;
  }

  /** Whether split-brain protection is on: a quorum of one is met by any running member. */
  public boolean quorumEnabled() {
    return quorum > 1;
  }
}
