package hub.cluster;

/**
 * What a shard receives from the broker. Declared here, implemented by the session shard, so that this package never
 * depends on sessions. Called on the shard's own event loop.
 */
public interface BrokerListener {

  /** A publication for {@code channel}; {@code pushFrame} is shared and must not be modified. */
  void onPublication(String channel, byte[] pushFrame);

  void onDisconnect(UserDisconnect command);
}
