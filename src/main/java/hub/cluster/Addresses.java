package hub.cluster;

/**
 * Every event-bus address the hub uses, with the shape of its messages. Fixed addresses only: nothing is registered
 * per connection or per channel, so client churn never touches the cluster's subscription map.
 */
public final class Addresses {

  /**
   * Publications and join/leave pushes for fan-out, published once and delivered to every shard of every node.
   * Publications: body the encoded pub object without its offset ({@code byte[]}, UTF-8 JSON, see
   * {@link hub.protocol.Publication}); headers {@link #CHANNEL_HEADER}, and on channels with history
   * {@link #OFFSET_HEADER} and {@link #EPOCH_HEADER}. Join/leave pushes: body the complete push frame, headers
   * {@link #CHANNEL_HEADER} and {@link #AUDIENCE_HEADER} = {@link #JOIN_LEAVE_AUDIENCE}. Both kinds share the address
   * so that one consumer sees them in the order they were sent.
   */
  public static final String PUBLICATIONS = "hub.publications";
  public static final String CHANNEL_HEADER = "channel";
  /** The publication's stream offset (decimal), present only on channels with history. */
  public static final String OFFSET_HEADER = "offset";
  /** The publication's stream epoch, present with {@link #OFFSET_HEADER}. */
  public static final String EPOCH_HEADER = "epoch";
  /** Absent: every subscriber of the channel; {@link #JOIN_LEAVE_AUDIENCE}: only those that hear join/leave. */
  public static final String AUDIENCE_HEADER = "audience";
  public static final String JOIN_LEAVE_AUDIENCE = "join_leave";
  /**
   * {@link #AUDIENCE_HEADER} of a route probe: no body, header {@link #FROM_HEADER} the sending node's id. Taken by
   * the broker itself, never handed to a shard (see {@link RouteCheck}).
   */
  public static final String ROUTE_PROBE_AUDIENCE = "route_probe";
  public static final String FROM_HEADER = "from";
  /**
   * On a route probe: the id of the sending node's current route check, new at each check, so that a peer asked
   * whether it heard this node tells a probe of this check from one of an earlier check (before a split, say).
   */
  public static final String CHECK_HEADER = "check";
  /** On a repair join/leave push ({@link Broker#publishRepair}): the client id it is about, which never hears it. */
  public static final String ABOUT_HEADER = "about";
  /** On a purge's leave push: the Vert.x node id whose entries were purged. */
  public static final String PURGED_NODE_HEADER = "purged";

  /**
   * Control commands for every shard of every node, published. Body: JSON object with {@code op}; see
   * {@link UserDisconnect} for {@code op = "disconnect"}, {@link UserSubscription} for {@code "subscribe"} and
   * {@code "unsubscribe"}.
   */
  public static final String CONTROL = "hub.control";

  /**
   * Prefix of the server API over the event bus: {@code hub.api.<method>}, request/reply with the HTTP JSON bodies.
   * Every node serves it, and Vert.x hands successive requests to the nodes in turn, which publish independently:
   * no order between requests is promised (sent without waiting for replies, their publications do overtake each
   * other). See {@link #nodeApi} for the ordered alternative.
   */
  public static final String API_PREFIX = "hub.api.";

  private Addresses() {
  }

  /**
   * Request/reply address of one node's figures, for cluster-wide API answers. Body: {@code {"op":"info"}} (reply: one
   * {@code nodes} entry of {@code /api/info}) or {@code {"op":"channels"}} (reply: channel to subscriber count).
   */
  public static String nodeQuery(String nodeId) {
    return "hub.node." + nodeId + ".query";
  }

  /**
   * The server API served by one node only: {@code hub.node.<nodeId>.api.<method>}, same bodies as
   * {@link #API_PREFIX}. Requests from one sender to one node travel one connection and run in order there, so a
   * publisher that sends here keeps its publications in order even when it does not wait for replies. Node ids are
   * the {@code uid} fields of {@code info}.
   */
  public static String nodeApi(String nodeId, String method) {
    return "hub.node." + nodeId + ".api." + method;
  }

  /**
   * Request/reply address of one shard's statistics. Body: {@code {}}; reply: JSON object with {@code clients},
   * {@code subs}, {@code users} (array) and {@code channels} (channel to local subscriber count).
   */
  public static String shardStats(String nodeId, int shard) {
    return "hub.node." + nodeId + ".shard." + shard + ".stats";
  }

  /**
   * Request/reply address of one node's route check: body {@code {"node": <asking node id>, "check": <its check
   * id>}}; the node publishes a route probe and replies {@code {"heard": true}} once it has received a probe of that
   * check from the asking node (any probe from it when the body has no {@code check}: a node of an older version).
   */
  public static String routeCheck(String nodeId) {
    return "hub.node." + nodeId + ".route";
  }

  /**
   * Per node: {@code POST /emulation} bodies ({@code {"session","node","data"}} as a JsonObject) for the HTTP-streaming
   * and SSE sessions of that node, relayed by whichever node the request reached. Replied to with null once handed
   * to the session's loop; no handler means the node is gone.
   */
  public static String emulation(String nodeId) {
    return "hub.emulation." + nodeId;
  }
}
