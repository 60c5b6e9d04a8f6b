package hub.stream;

import hub.cluster.Broker;
import hub.config.HistoryOptions;
import hub.protocol.Publication;
import io.vertx.core.Future;


/**
 * Publishes into a channel, through its stream when it keeps history: the store sequences the publication and only
 * then does the broker carry it, offset and epoch attached. Channels without history go straight to the broker, as
 * before, at no extra cost. Thread-safe.
 */
public final class StreamPublisher {

  private final Broker broker;
  private final StreamStore store;
  private final StoreCalls calls;

  public StreamPublisher(Broker broker, StreamStore store, StoreCalls calls) {
    this.broker = broker;
    this.store = store;
    this.calls = calls;
  }

  /**
   * @param pub            the encoded pub object without offset
   * @param idempotencyKey null for none (only channels with history remember keys)
   * @return where the publication landed, or null for a channel without history; fails when the store does not
   *     answer in time (the publication may still have been stored and delivered)
   */
  public Future<Appended> publish(String channel, HistoryOptions options, byte[] pub, String idempotencyKey) {
    if (!options.enabled()) {
      broker.publish(new Publication(channel, 0, null, pub));
      return Future.succeededFuture();
    }
    return calls.time("append", () -> store.append(channel, options, pub, idempotencyKey, broker::publish));
  }

  public StreamStore store() {
    return store;
  }

  public StoreCalls calls() {
    return calls;
  }
}
