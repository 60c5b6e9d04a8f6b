package hub.cluster;

/**
 * What a shard receives from the broker. Declared here, implemented by the session shard, so that this package never
 * depends on sessions. Called on the shard's own event loop.
 */
public interface BrokerListener {

  /** A publication for {@code channel}; {@code pushFrame} is shared and must not be modified. */
  void onPublication(String channel, byte[] pushFrame);

  /** A join or leave push for {@code channel}, for the subscribers that hear them; shared, must not be modified. */
  void onJoinLeave(String channel, byte[] pushFrame);

  void onDisconnect(UserDisconnect command);
}
