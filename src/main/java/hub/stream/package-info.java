/**
 * Channel streams: per history channel an epoch, a top offset and the latest publications, so that a client that
 * was away gets exactly what it missed, in order, or learns that it cannot.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link hub.stream.StreamStore}: where streams live. {@link hub.stream.MemoryStreamStore} on one node (a
 *   restart is a new epoch for every channel); {@link hub.stream.hazelcast.HazelcastStreamStore} in a cluster.
 *   Both apply every operation to a {@link hub.stream.StreamLog} in one serialized step per channel: that is the
 *   channel's single sequencer, and offsets are contiguous per epoch.</li>
 *   <li>{@link hub.stream.StreamPublisher}: publications of history channels go through the store first and only
 *   then to the broker, offset and epoch attached; other channels go straight to the broker as before.</li>
 *   <li>{@link hub.stream.Recovery}: all or none, as Centrifuge decides it.</li>
 *   <li>{@link hub.stream.ShardStreams}: per shard, delivery in offset order (hold, fill from the store, or a lost
 *   position), the merge of a joining subscriber's buffered live publications with its store read, and the check of
 *   quiet positioned channels.</li>
 * </ul>
 *
 * <h2>Why the subscription is safe before the read</h2>
 * Every shard holds its two event-bus consumers from start (confirmed cluster-wide by {@code completion()}), and
 * every publication reaches every shard of every node. So a node never has to subscribe to a channel before reading
 * its stream: a publication that the store sequenced after the read began is already on its way to the shard, which
 * buffers it for the joiner.
 *
 * <h2>The clustered store: one map entry per channel, not a Ringbuffer</h2>
 * Decision: one entry of the {@code hub.streams} IMap per channel (OBJECT format, one synchronous backup), changed
 * only by entry operations on its owner. It is the shape of Centrifuge's Redis script: sequence, idempotency check,
 * trim and TTL in one atomic step; epoch, top and range read in one atomic step. A Ringbuffer per channel would need
 * a separate epoch entry (and a second call to read epoch and range together), a sweeper that destroys idle rings
 * and bumps their epochs, an epoch bump on every merge, and it allocates its whole capacity per ring up front.
 *
 * <p>Measured with {@code StoreChoiceMeasure} (in the test sources; three members in one JVM on loopback, a
 * publisher on one of them, 64 appends in flight, publications of 130 bytes, streams of 100; 2 cores shared with
 * other builds, load average 4 to 10, so take the ratios rather than the absolute figures), second of two rounds:
 * <pre>
 * store       channels  appends/s  p50 ms  p99 ms  read of 100 (ms)
 * imap               1      2,483    23.5    82.4  0.39
 * imap           1,000      2,578    29.8   105.5  0.40
 * ringbuffer         1      3,419    18.8    75.2  0.49
 * ringbuffer     1,000      2,907    25.6    53.3  0.34
 * heap for 10,000 streams of 10 publications on 3 members (primary + backup):
 *   imap 39.5 MiB (4,138 B per stream), ringbuffer 81.6 MiB (8,552 B per stream)
 * </pre>
 * The Ringbuffer measured here is its cheapest form (no idempotency keys, epoch cached, no atomic position read):
 * it appends 10 to 40 % faster, and it holds twice the memory per stream, because each ring allocates its capacity
 * at once; the map entry does more per append and grows with what it holds. The first round gave 1,509-2,477
 * appends/s for the map and 1,970-2,086 for rings, under more load. Appends of one channel are serialized on its
 * partition, so a node's publications to many channels spread over the partition threads of all members.
 *
 * <h2>Order of delivery in a cluster</h2>
 * The publisher hands a publication to the broker when the owner's answer arrives, so publishers on two nodes (or
 * on two event loops) hand over offsets N and N+1 in either order. Each receiving shard puts them back in order and
 * holds an early one for {@code history.gapFillDelayMs} before reading the missing ones from the store; positioned
 * subscribers see a 2500 only for what the store can no longer give. Fanning out from the owner would keep the order
 * only until a partition migrates, so receivers need the reordering anyway.
 *
 * <h2>When the epoch changes</h2>
 * A stream begins under a fresh epoch when its entry does not exist: the first use, a single node restarted, the
 * whole cluster restarted, every replica of its partition lost, or its meta TTL elapsed. A split-brain merge keeps a
 * stream both sides agree on and restarts any other ({@link hub.stream.hazelcast.StreamMergePolicy}). A restarted
 * stream's offsets start at 1 again; a client holding the old epoch gets {@code recovered:false}, never stale
 * publications under a reused offset.
 */
package hub.stream;
