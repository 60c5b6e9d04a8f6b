package hub.client;

/**
 * The size of a channel's presence, cluster-wide. Immutable.
 *
 * @param numClients connections subscribed
 * @param numUsers   distinct users among them
 */
public record PresenceStats(long numClients, long numUsers) {
}
