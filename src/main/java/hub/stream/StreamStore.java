package hub.stream;

import hub.config.HistoryOptions;
import hub.protocol.Publication;
import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * Where channel streams live: per channel an epoch, a top offset and the latest publications. One store per node; on
 * a single node it is in memory, in a cluster it is shared by every node and a channel's stream is sequenced in one
 * place. Every call is asynchronous, bounded by a timeout, and completes on the caller's context. Thread-safe.
 */
public interface StreamStore {

  /**
   * Sequences a publication: gives it the next offset of the channel's stream, keeps it within the channel's size,
   * and renews the stream's TTL. A publication whose idempotency key was already used on this channel within
   * {@link Streams#IDEMPOTENCY_WINDOW} is not published again: the result is the first one's, marked duplicate.
   *
   * @param pub            the encoded pub object without offset
   * @param idempotencyKey null for none
   * @param sequenced      called exactly once with the sequenced publication when it is new (not for a duplicate),
   *                       before the future completes; a store that can keep the order of these calls per channel
   *                       (one sequencer in this process) calls it while the channel is still held
   */
  Future<Appended> append(String channel, HistoryOptions options, byte[] pub, String idempotencyKey,
                          Consumer<Publication> sequenced);

  /** Reads the stream's position and, as the query asks, some of its publications; creates an empty stream if none. */
  Future<StreamSlice> read(String channel, HistoryOptions options, StreamQuery query);

  /** Drops the channel's publications and keeps its epoch and top offset (recovery across it is not possible). */
  Future<Void> remove(String channel, HistoryOptions options);

  /** Trims streams past their TTLs and sheds the oldest when over the byte cap; called often, acts when due. */
  void sweep(long now);

  /** Publication bytes the store holds on this node (the entries it owns, in a cluster), as of the last count. */
  long bytes();

  /** Streams the store holds on this node, as of the last count. */
  long channels();

  /** Releases what the store holds in this process (not the shared data of a cluster). */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
