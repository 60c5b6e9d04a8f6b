package hub.session;

import hub.auth.TokenChecker;
import hub.channel.ChannelPolicy;
import hub.channel.NodeChannelTable;
import hub.cluster.Broker;
import hub.cluster.PresenceStore;
import hub.config.HubConfig;
import hub.metrics.HubMetrics;
import hub.stream.StreamPublisher;

import java.time.Clock;

/**
 * The node-wide, thread-safe collaborators every shard of a node shares.
 *
 * @param nodeId  identifies this node in event-bus addresses and the server API
 * @param streams publishes through channel streams and reaches the stream store
 * @param proxies the node's proxy callers and their in-flight bound
 */
public record ShardServices(
    String nodeId,
    HubConfig config,
    ChannelPolicy policy,
    HubMetrics metrics,
    TokenChecker tokens,
    Broker broker,
    NodeChannelTable nodeChannels,
    PresenceStore presence,
    Clock clock,
    StreamPublisher streams,
    hub.proxy.Proxies proxies) {
}
