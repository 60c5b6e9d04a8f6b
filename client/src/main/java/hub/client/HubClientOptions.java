package hub.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how long a {@link HubClient} asks: the address prefix of the hub's event-bus API and the time a request
 * may take before it fails with a Vert.x {@code ReplyException} of type {@code TIMEOUT}. Immutable.
 *
 * @param addressPrefix  prefix of every method's address, {@code hub.api.} by default (served by every node in
 *                       turn); {@link #forNode} gives one node's prefix, which keeps one sender's requests in order
 * @param requestTimeout how long one request waits for its reply
 */
public record HubClientOptions(String addressPrefix, Duration requestTimeout) {

  /** The hub's own prefix: {@code hub.api.<method>} is served by every node of the cluster. */
  public static final String DEFAULT_ADDRESS_PREFIX = "hub.api.";
  /** Shorter than the event bus's 30 s default: a hub that does not answer in 5 s is better reported than waited for. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  public HubClientOptions {
    Objects.requireNonNull(addressPrefix, "addressPrefix");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be > 0: " + requestTimeout);
    }
  }

  /** The defaults. */
  public static HubClientOptions defaults() {
    return new HubClientOptions(DEFAULT_ADDRESS_PREFIX, DEFAULT_REQUEST_TIMEOUT);
  }

  public HubClientOptions withRequestTimeout(Duration timeout) {
    return new HubClientOptions(addressPrefix, timeout);
  }

  public HubClientOptions withAddressPrefix(String prefix) {
    return new HubClientOptions(prefix, requestTimeout);
  }

  /**
   * Options that address one node only ({@code hub.node.<nodeId>.api.}): requests from one sender to one node run in
   * the order sent, so pipelined publications into a channel keep their order. Node ids are {@link NodeInfo#uid}.
   */
  public HubClientOptions forNode(String nodeId) {
    return withAddressPrefix("hub.node." + nodeId + ".api.");
  }
}
