package hub;

import hub.cluster.PresenceStore;
import hub.stream.StreamStore;

import java.util.function.UnaryOperator;

/**
 * What a node does with the stores it built before it uses them: {@link #AS_BUILT} uses them as they are; a test
 * wraps or replaces them to play a store that answers late or never. Immutable; applied once, at deploy.
 *
 * @param streamStore given the stream store the node built (memory or Hazelcast), the one it uses
 * @param presence    given the presence store the node built, the one it uses
 */
public record NodeBackends(UnaryOperator<StreamStore> streamStore, UnaryOperator<PresenceStore> presence) {

  public static final NodeBackends AS_BUILT = new NodeBackends(UnaryOperator.identity(), UnaryOperator.identity());
}
