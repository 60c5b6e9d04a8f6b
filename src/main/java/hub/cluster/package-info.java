/**
 * How publications, control commands and presence cross nodes.
 *
 * <h2>Routing</h2>
 * Every session shard (one per event loop) registers exactly two event-bus consumers, on the fixed addresses
 * {@link hub.cluster.Addresses#PUBLICATIONS} and {@link hub.cluster.Addresses#CONTROL}, when it starts, and removes
 * them when it stops. Clients subscribing or unsubscribing never register anything: the channel index is local to
 * the shard. The cluster's subscription map ({@code __vertx.subs}) therefore holds {@code 2 x shards} entries per
 * node, plus the fixed addresses of the event-bus API and of node queries, whatever the load, so connection churn
 * costs the cluster nothing, and member removal or a merge scans a map of a few dozen entries (the failure mode of
 * one consumer per socket or per channel, vert.x #3797 and vertx-hazelcast #215). ClusterIT checks that the map's
 * size does not move while hundreds of subscriptions come and go.
 *
 * <p>A publication is encoded once, into the exact push frame subscribers receive, and published once. Vert.x sends
 * one copy to each node that has a consumer (all of them), over the single TCP connection it keeps per pair of
 * nodes, and hands it to each local shard on that shard's own event loop; each shard looks the channel up in its
 * index and writes the same bytes to every local subscriber. Order: the publications one node makes travel the same
 * connection to each other node and the same event-loop queues, so one publisher's publications to one channel
 * arrive in order as long as they enter through one node: a client's own publishes, HTTP requests to one node
 * (pipelined on one connection included), or event-bus requests to {@link hub.cluster.Addresses#nodeApi}. The
 * load-balanced {@code hub.api.<method>} spreads successive requests over the nodes, which publish independently,
 * so it promises no order between requests (pipelined ones do overtake each other; waiting for each reply makes
 * that unlikely, not impossible). Join and leave pushes share the publications' address, so they keep their place
 * among them.
 *
 * <h2>Cost as the cluster grows</h2>
 * With N nodes, S shards per node, and a channel whose subscribers sit on k of the nodes:
 * <ul>
 *   <li>network: N - 1 messages per publication (one per other node, however many subscribers it has), each the
 *       size of the encoded push; the k nodes that have subscribers deliver, the N - k others drop it after one hash
 *       lookup per shard;</li>
 *   <li>CPU: one encode on the publishing node, one decode-free hash lookup per shard per node, one socket write per
 *       subscriber;</li>
 *   <li>Hazelcast: nothing per publication, nothing per subscription.</li>
 * </ul>
 * Broadcasting to every node is the right trade while N is small (a few to a few dozen nodes) and most channels
 * have subscribers on most nodes. When N grows and channels become node-local, per-channel routing can replace it
 * without touching the session code: {@link hub.channel.ChannelIndex} already reports a channel's first and last
 * subscriber on each shard, which is where a node would register and unregister interest in that channel.
 *
 * <h3>Measured</h3>
 * {@code bench/run cluster-fanout} (bench/README.md), two nodes and the load generator on one 2-core machine, 1,000
 * subscribers on node B, publications through node A's HTTP API against the same cluster with the publisher on
 * node B: the hop added about 1 to 2 ms to the median at low rates (p50 11.6 ms A to B against 9.8 ms B to B at 5
 * publications a second, p99 20 ms against 17 ms), and the highest rate with p99 under 100 ms was 260,000
 * deliveries a second across nodes against 288,000 on one node. Figures and the run's machine are in
 * bench/results/cluster-fanout.md.
 *
 * <h2>Presence</h2>
 * Presence entries ({@code client|channel} to the channel, the owning node and the ClientInfo) live in one
 * Hazelcast map with one synchronous backup, indexed by channel and by node. Only the owning node writes them: on
 * subscribe, on unsubscribe and in the session's close routine, after the local release, fire-and-forget with a
 * failure counter. The owner re-asserts its entries every third of {@code cluster.presenceTtlMs}; when Hazelcast
 * reports a member gone, the oldest survivor removes that member's entries at once and publishes their leave pushes.
 * The TTL bounds ghosts if that clean-up is ever missed.
 *
 * <h2>Split brain</h2>
 * Below {@code cluster.quorum} ({@link hub.cluster.Quorum}) a node is not ready, purges nobody and its maps refuse
 * work; each loss and regain is one WARN line and one count of {@code hub.cluster.quorum.changes}. A purge's leave
 * names the purged node: a node that still sees that node drops it, and the owner writes its entries again instead.
 * After a merge, once publications are confirmed to travel again ({@link hub.cluster.RouteCheck}), every owner puts
 * back the entries the merge or a purge lost ({@link hub.cluster.PresenceStore#rewrite}) and pushes one join for
 * each, which the client it is about does not hear ({@link hub.cluster.Broker#publishRepair}).
 * {@link hub.cluster.ClusterNode} wires all of this for one node.
 */
package hub.cluster;
