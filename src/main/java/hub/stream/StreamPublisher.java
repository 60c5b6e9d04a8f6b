package hub.stream;

import hub.cluster.Broker;
import hub.config.HistoryOptions;
import hub.protocol.Publication;
import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * Publishes into a channel, through its stream when it keeps history: the store sequences the publication and only
 * then does the broker carry it, offset and epoch attached. Channels without history go straight to the broker, as
 * before, at no extra cost. Every publication first takes its place in the node's {@link PublicationBudget}; one the
 * budget refuses fails with {@link PublicationBudget.Refused} and is neither stored nor delivered. Thread-safe.
 */
public final class StreamPublisher {

  private final Broker broker;
  private final StreamStore store;
  private final StoreCalls calls;
  private final PublicationBudget budget;
  private final Consumer<PublicationBudget.Refusal> refused;

  public StreamPublisher(Broker broker, StreamStore store, StoreCalls calls) {
    this(broker, store, calls, PublicationBudget.UNBOUNDED, r -> { });
  }

  /** @param refused told of every publication the budget refuses (for the metric) */
  public StreamPublisher(Broker broker, StreamStore store, StoreCalls calls, PublicationBudget budget,
                         Consumer<PublicationBudget.Refusal> refused) {
    this.broker = broker;
    this.store = store;
    this.calls = calls;
    this.budget = budget;
    this.refused = refused;
  }

  /**
   * @param pub            the encoded pub object without offset
   * @param idempotencyKey null for none (only channels with history remember keys)
   * @return where the publication landed, or null for a channel without history; fails when the store does not
   *     answer in time (the publication may still have been stored and delivered)
   */
  public Future<Appended> publish(String channel, HistoryOptions options, byte[] pub, String idempotencyKey) {
    PublicationBudget.Refusal no = budget.take(1);
    if (no != null) {
      refused.accept(no);
      return Future.failedFuture(new PublicationBudget.Refused(no));
    }
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
