package hub.support;

import hub.config.HistoryOptions;
import hub.protocol.Publication;
import hub.stream.Appended;
import hub.stream.StreamQuery;
import hub.stream.StreamSlice;
import hub.stream.StreamStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stream store over a real one whose answers the test can hold in flight (the read happens at once, its answer
 * arrives on {@link #release()}), or fail. Like a clustered store, a held answer arrives later, on the releasing
 * thread. Thread-safe enough for tests: toggled from the test thread, used from the shard's loop.
 */
public final class HeldStreamStore implements StreamStore {

  private final StreamStore store;
  private final List<Runnable> held = new ArrayList<>();
  public volatile boolean holdReads;
  public volatile boolean failAll;

  public HeldStreamStore(StreamStore store) {
    this.store = store;
  }

  /** Lets every held answer arrive. */
  public void release() {
    List<Runnable> answers;
    synchronized (held) {
      holdReads = false;
      answers = new ArrayList<>(held);
      held.clear();
    }
    answers.forEach(Runnable::run);
  }

  public int heldReads() {
    synchronized (held) {
      return held.size();
    }
  }

  @Override
  public Future<Appended> append(String channel, HistoryOptions options, byte[] pub, String key,
                                 Consumer<Publication> sequenced) {
    if (failAll) {
      return Future.failedFuture(new IllegalStateException("store down (test)"));
    }
    return store.append(channel, options, pub, key, sequenced);
  }

  @Override
  public Future<StreamSlice> read(String channel, HistoryOptions options, StreamQuery query) {
    if (failAll) {
      return Future.failedFuture(new IllegalStateException("store down (test)"));
    }
    StreamSlice now = store.read(channel, options, query).result();
    synchronized (held) {
      if (!holdReads) {
        return Future.succeededFuture(now);
      }
      Promise<StreamSlice> answer = Promise.promise();
      held.add(() -> answer.complete(now));
      return answer.future();
    }
  }

  @Override
  public Future<Void> remove(String channel, HistoryOptions options) {
    return store.remove(channel, options);
  }

  @Override
  public void sweep(long now) {
    store.sweep(now);
  }

  @Override
  public long bytes() {
    return store.bytes();
  }

  @Override
  public long channels() {
    return store.channels();
  }
}
