package hub.cluster;

import hub.protocol.Publication;

/**
 * What a shard receives from the broker. Declared here, implemented by the session shard, so that this package never
 * depends on sessions. Called on the shard's own event loop.
 */
public interface BrokerListener {

  /** A publication; this instance is the receiving shard's own, its bytes must not be modified. */
  void onPublication(Publication publication);

  /** A join or leave push for {@code channel}, for the subscribers that hear them; shared, must not be modified. */
  void onJoinLeave(String channel, byte[] pushFrame);

  void onDisconnect(UserDisconnect command);

  void onSubscription(UserSubscription command);
}
