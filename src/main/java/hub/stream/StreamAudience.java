package hub.stream;

import hub.protocol.Publication;

import java.util.List;
import java.util.Map;

/**
 * The subscribers of one shard, as {@link ShardStreams} sees them: it decides what goes to whom and in which order,
 * the shard writes it. Called on the shard's event loop.
 *
 * @param <S> the subscriber type
 */
public interface StreamAudience<S> {

  /**
   * Writes a publication to every ready subscriber of its channel, except a subscriber whose entry in {@code skip}
   * is at or above the publication's offset (it got that publication with its subscribe reply).
   */
  void deliver(Publication publication, Map<S, Long> skip);

  /** Writes a publication to one subscriber (one that is catching up as it joins). */
  void deliverTo(S subscriber, Publication publication);

  /**
   * These positioned subscribers can no longer be told every publication of the channel in order (a gap that the
   * store cannot fill, a new epoch): unsubscribe each with 2500 (server-side subscriptions: disconnect 3010) before
   * anything else is written to them. The shard calls {@link ShardStreams#left} for each as it unsubscribes them.
   */
  void lost(String channel, List<S> subscribers);
}
