package hub.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Calls the hub's server API over the event bus ({@code hub.api.<method>}, request/reply with the same JSON bodies
 * as {@code /api/<method>}) with typed requests and results. Every call returns a future that fails with a
 * {@link HubException} when the hub refuses (its code and message), and with Vert.x's {@code ReplyException} when
 * the event bus does (timeout, no hub node listening). Needs a clustered Vert.x in the hub's cluster, or the hub's
 * own Vert.x. Thread-safe: it holds no mutable state, and a call may be made from any thread; its future completes
 * on the caller's context when there is one.
 */
public final class HubClient {

  private final EventBus bus;
  private final HubClientOptions options;
  private final DeliveryOptions delivery;

  private HubClient(EventBus bus, HubClientOptions options) {
    this.bus = bus;
    this.options = options;
    this.delivery = new DeliveryOptions().setSendTimeout(options.requestTimeout().toMillis());
  }

  public static HubClient create(Vertx vertx) {
    return create(vertx, HubClientOptions.defaults());
  }

  public static HubClient create(Vertx vertx, HubClientOptions options) {
    return new HubClient(vertx.eventBus(), Objects.requireNonNull(options, "options"));
  }

  public HubClientOptions options() {
    return options;
  }

  /** Publishes {@code data} into {@code channel}. */
  public Future<PublishResult> publish(String channel, Object data) {
    return publish(PublishRequest.of(channel, data));
  }

  public Future<PublishResult> publish(PublishRequest publication) {
    return result("publish", ApiCodec.publish(publication)).map(ApiCodec::publishResult);
  }

  /**
   * One publication into several channels (at most the hub's {@code limits.maxBroadcastChannels}, else the whole call
   * fails with 106). One outcome per channel, in order: a channel's refusal does not fail the call.
   */
  public Future<List<PublishOutcome>> broadcast(List<String> channels, Object data, Map<String, String> tags) {
    List<String> names = List.copyOf(channels);
    return result("broadcast", ApiCodec.broadcast(names, data, tags))
        .map(result -> ApiCodec.broadcastOutcomes(names, result));
  }

  /**
   * Several publications in one request (the hub's {@code batch}), one after the other unless {@code parallel}, so
   * that publications into one channel keep their order. One outcome per publication, in order.
   */
  public Future<List<PublishOutcome>> batch(List<PublishRequest> publications, boolean parallel) {
    List<PublishRequest> list = List.copyOf(publications);
    return call("batch", ApiCodec.batch(list, parallel)).map(response -> ApiCodec.batchOutcomes(list, response));
  }

  /** The connections subscribed to {@code channel}, cluster-wide, by connection id (108 where there is no presence). */
  public Future<Map<String, ClientInfo>> presence(String channel) {
    return result("presence", new JsonObject().put("channel", channel)).map(ApiCodec::presence);
  }

  public Future<PresenceStats> presenceStats(String channel) {
    return result("presence_stats", new JsonObject().put("channel", channel)).map(ApiCodec::presenceStats);
  }

  /** Reads a channel's stream (108 where the namespace keeps no history, 112 when {@code since} is of another epoch). */
  public Future<HistoryResult> history(HistoryRequest request) {
    return result("history", ApiCodec.history(request)).map(ApiCodec::history);
  }

  /** Drops a channel's publications; its epoch and top offset stay. */
  public Future<Void> historyRemove(String channel) {
    return result("history_remove", new JsonObject().put("channel", channel)).mapEmpty();
  }

  /** Channels with subscribers, cluster-wide, and their subscriber counts; {@code pattern} a glob, or null for all. */
  public Future<Map<String, Long>> channels(String pattern) {
    JsonObject body = pattern == null ? new JsonObject() : new JsonObject().put("pattern", pattern);
    return result("channels", body).map(ApiCodec::channels);
  }

  /** Closes the user's connections on every node; completes once the hub has sent the order, not when they closed. */
  public Future<Void> disconnect(DisconnectRequest request) {
    return result("disconnect", ApiCodec.disconnect(request)).mapEmpty();
  }

  /** Subscribes every live connection of {@code user} (or only {@code client}, when not null) to {@code channel}. */
  public Future<Void> subscribe(String user, String channel, String client) {
    return result("subscribe", ApiCodec.userChannel(user, channel, client)).mapEmpty();
  }

  /** Unsubscribes every live connection of {@code user} (or only {@code client}, when not null) from {@code channel}. */
  public Future<Void> unsubscribe(String user, String channel, String client) {
    return result("unsubscribe", ApiCodec.userChannel(user, channel, client)).mapEmpty();
  }

  /** Every node of the cluster with its figures. */
  public Future<List<NodeInfo>> info() {
    return result("info", new JsonObject()).map(ApiCodec::info);
  }

  /**
   * Any API method by name with a JSON body, for what this class does not type: the whole response body
   * ({@code {"result":...}}, {@code {"error":...}}, or batch's {@code {"replies":[...]}}), untouched.
   */
  public Future<JsonObject> call(String method, JsonObject body) {
    return bus.<Object>request(options.addressPrefix() + method, body, delivery).map(Message::body).map(reply -> {
      if (!(reply instanceof JsonObject json)) {
        throw new HubException(HubException.INTERNAL, "unexpected reply from the hub: not a JSON object");
      }
      return json;
    });
  }

  private Future<JsonObject> result(String method, JsonObject body) {
    return bus.<Object>request(options.addressPrefix() + method, body, delivery)
        .map(reply -> ApiCodec.result(reply.body()));
  }
}
