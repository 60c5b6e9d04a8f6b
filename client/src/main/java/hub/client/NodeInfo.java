package hub.client;

/**
 * One node of the hub's cluster as {@code info} reports it. Immutable.
 *
 * @param uid           the node id (for {@link HubClientOptions#forNode})
 * @param name          the node's configured name
 * @param version       the hub's version
 * @param numClients    connections on the node
 * @param numUsers      distinct users among them
 * @param numChannels   channels with a subscriber on the node
 * @param numSubs       subscriptions on the node
 * @param uptimeSeconds since the node started
 * @param numMembers    cluster members the node sees, itself included
 */
public record NodeInfo(String uid, String name, String version, long numClients, long numUsers, long numChannels,
                       long numSubs, long uptimeSeconds, long numMembers) {
}
