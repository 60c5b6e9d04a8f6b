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

  /** As {@link #onJoinLeave(String, byte[])}, for a push about client {@code about}, which must not hear it. */
  default void onJoinLeave(String channel, byte[] pushFrame, String about) {
    onJoinLeave(channel, pushFrame);
  }

  /**
   * Another member purged this live node's presence entries (it thought this node gone): the shard's owned entries
   * must be written again, which pushes a join for each one that was lost, instead of delivering the leave.
   */
  default void onOwnEntriesPurged() {
  }

  void onDisconnect(UserDisconnect command);

  void onSubscription(UserSubscription command);
}
