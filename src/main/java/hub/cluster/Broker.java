package hub.cluster;

import hub.protocol.Publication;
import io.vertx.core.Future;

/**
 * Moves publications and control commands to every shard that may need them, on this node and, when clustered, on
 * every other. Thread-safe.
 */
public interface Broker {

  /** Delivers a publication to every shard; each shard writes it to its local subscribers of its channel. */
  void publish(Publication publication);

  /**
   * Delivers an encoded join or leave push to every shard; each shard writes it only to its local subscribers of
   * {@code channel} that hear join/leave. Ordered with {@link #publish} from the same sender.
   */
  void publishJoinLeave(String channel, byte[] pushFrame);

  /**
   * A join or leave push that presence repair produces about client {@code about} rather than the client's own
   * subscribe or unsubscribe: a survivor's purge of a departed node's entries ({@code purgedNode} that node's id), or
   * an owner putting back entries a merge or a purge lost ({@code purgedNode} null). The client it is about never
   * hears it, and a node that still sees {@code purgedNode} (the owner itself above all) does not deliver the leave
   * (issue 10, split brain). A broker that cannot carry the extra fields delivers a plain join/leave push.
   */
  default void publishRepair(String channel, byte[] pushFrame, String about, String purgedNode) {
    publishJoinLeave(channel, pushFrame);
  }

  void disconnect(UserDisconnect command);

  /** Delivers a server-side subscribe or unsubscribe to every shard of every node. */
  void subscription(UserSubscription command);

  /**
   * Registers a shard's listener. Must be called on the shard's context, which is where the listener will be called.
   * The future completes once deliveries are guaranteed to reach it (cluster-wide when clustered).
   */
  Future<Attachment> attach(BrokerListener listener);

  /** A shard's registration; {@link #detach()} removes it. */
  interface Attachment {
    Future<Void> detach();
  }
}
