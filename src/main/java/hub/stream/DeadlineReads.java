package hub.stream;

import hub.config.HistoryOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.TimeoutException;

/**
 * The shard's stream reads (gap fills, position checks), each with a deadline on the shard's own timers: a read the
 * store has not answered by then fails, and its late answer is ignored. The shard's gap and check states end on the
 * answer, so this is what keeps them finite whatever the store does (a Hazelcast call made while its member merges
 * after a split can wait minutes). Confined to the shard's event loop, like its timers; the reader must answer there
 * too (production reads through {@link StoreCalls}).
 */
public final class DeadlineReads {

  /** How the shard reads a stream. */
  @FunctionalInterface
  public interface Reader {
    Future<StreamSlice> read(String channel, HistoryOptions options, StreamQuery query);
  }

  private final Reader reader;
  private final StreamTimers timers;
  private final long timeoutMs;

  DeadlineReads(Reader reader, StreamTimers timers, long timeoutMs) {
    this.reader = reader;
    this.timers = timers;
    this.timeoutMs = timeoutMs;
  }

  Future<StreamSlice> read(String channel, HistoryOptions options, StreamQuery query) {
    Promise<StreamSlice> answer = Promise.promise();
    long deadline = timers.schedule(timeoutMs, () -> answer.tryFail(
        new TimeoutException("stream read of " + channel + " took over " + timeoutMs + " ms")));
    Future<StreamSlice> read;
    try {
      read = reader.read(channel, options, query);
    } catch (RuntimeException e) {
      read = Future.failedFuture(e); // a store must not throw, but one that does must not leave a gap open
    }
    read.onComplete(ar -> {
      boolean first = ar.succeeded() ? answer.tryComplete(ar.result()) : answer.tryFail(ar.cause());
      if (first) {
        timers.cancel(deadline);
      }
    });
    return answer.future();
  }
}
