package hub.cluster;

import hub.protocol.Publication;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Broker over the Vert.x event bus. Each shard holds one consumer on {@link Addresses#PUBLICATIONS} and one on
 * {@link Addresses#CONTROL}; a publication is published once and the event bus sends one copy per node that has a
 * consumer, then hands it to each local shard. Subscribing a client never registers anything here. Thread-safe.
 */
public final class EventBusBroker implements Broker {

  private final EventBus bus;
  private final BiConsumer<String, String> probeHeard;
  private final String nodeId;
  private final Predicate<String> memberSeen;

  public EventBusBroker(EventBus bus) {
    this(bus, (from, check) -> { });
  }

  /**
   * @param probeHeard told the sending node's id and its check id (null from an older node) of every route probe a
   *                   shard receives (any thread)
   */
  public EventBusBroker(EventBus bus, BiConsumer<String, String> probeHeard) {
    this(bus, probeHeard, "", node -> false);
  }

  /**
   * @param nodeId     this node's id, to recognise a purge of its own entries
   * @param memberSeen whether this node sees a node id among its cluster's members now (called on event loops)
   */
  public EventBusBroker(EventBus bus, BiConsumer<String, String> probeHeard, String nodeId,
                        Predicate<String> memberSeen) {
    this.bus = bus;
    this.probeHeard = probeHeard;
    this.nodeId = nodeId;
    this.memberSeen = memberSeen;
  }

  /**
   * Publishes a route probe from {@code nodeId}, of its route check {@code check}, on the fan-out address: every
   * node that this one routes publications to receives it on the same path as a publication (see {@link RouteCheck}).
   */
  public void publishProbe(String nodeId, String check) {
    bus.publish(Addresses.PUBLICATIONS, new byte[0], new DeliveryOptions()
        .addHeader(Addresses.AUDIENCE_HEADER, Addresses.ROUTE_PROBE_AUDIENCE)
        .addHeader(Addresses.FROM_HEADER, nodeId)
        .addHeader(Addresses.CHECK_HEADER, check));
  }

  @Override
  public void publish(Publication publication) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Addresses.CHANNEL_HEADER, publication.channel());
    if (publication.sequenced()) {
      options.addHeader(Addresses.OFFSET_HEADER, Long.toString(publication.offset()))
          .addHeader(Addresses.EPOCH_HEADER, publication.epoch());
    }
    bus.publish(Addresses.PUBLICATIONS, publication.pubBytes(), options);
  }

  @Override
  public void publishJoinLeave(String channel, byte[] pushFrame) {
    bus.publish(Addresses.PUBLICATIONS, pushFrame, new DeliveryOptions()
        .addHeader(Addresses.CHANNEL_HEADER, channel)
        .addHeader(Addresses.AUDIENCE_HEADER, Addresses.JOIN_LEAVE_AUDIENCE));
  }

  @Override
  public void publishRepair(String channel, byte[] pushFrame, String about, String purgedNode) {
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(Addresses.CHANNEL_HEADER, channel)
        .addHeader(Addresses.AUDIENCE_HEADER, Addresses.JOIN_LEAVE_AUDIENCE)
        .addHeader(Addresses.ABOUT_HEADER, about);
    if (purgedNode != null) {
      options.addHeader(Addresses.PURGED_NODE_HEADER, purgedNode);
    }
    bus.publish(Addresses.PUBLICATIONS, pushFrame, options);
  }

  @Override
  public void disconnect(UserDisconnect command) {
    bus.publish(Addresses.CONTROL, command.toJson());
  }

  @Override
  public void subscription(UserSubscription command) {
    bus.publish(Addresses.CONTROL, command.toJson());
  }

  @Override
  public Future<Attachment> attach(BrokerListener listener) {
    MessageConsumer<byte[]> publications = bus.consumer(Addresses.PUBLICATIONS, msg -> {
      MultiMap headers = msg.headers();
      String channel = headers.get(Addresses.CHANNEL_HEADER);
      String audience = headers.get(Addresses.AUDIENCE_HEADER);
      if (Addresses.ROUTE_PROBE_AUDIENCE.equals(audience)) {
        probeHeard.accept(headers.get(Addresses.FROM_HEADER), headers.get(Addresses.CHECK_HEADER));
      } else if (Addresses.JOIN_LEAVE_AUDIENCE.equals(audience)) {
        joinLeave(listener, channel, headers, msg.body());
      } else {
        listener.onPublication(toPublication(channel, headers, msg.body()));
      }
    });
    MessageConsumer<JsonObject> control = bus.consumer(Addresses.CONTROL, msg -> {
      JsonObject body = msg.body();
      if ("disconnect".equals(body.getString("op"))) {
        listener.onDisconnect(UserDisconnect.fromJson(body));
        return;
      }
      UserSubscription subscription = UserSubscription.fromJson(body);
      if (subscription != null) {
        listener.onSubscription(subscription);
      }
    });
    // completion() resolves once the registration is visible to publishers (cluster-wide when clustered).
    return Future.all(publications.completion(), control.completion())
        .map(v -> () -> Future.all(publications.unregister(), control.unregister()).mapEmpty());
  }

  /**
   * A purge's leave reaches a node that still sees the purged node when the purge raced a heal (the event bus may
   * carry it before or after Hazelcast merged): that node's clients never left. The owner itself writes its entries
   * again instead (its shards push the joins); any other node just drops the leave.
   */
  private void joinLeave(BrokerListener listener, String channel, MultiMap headers, byte[] push) {
    String purged = headers.get(Addresses.PURGED_NODE_HEADER);
    if (purged != null && purged.equals(nodeId)) {
      listener.onOwnEntriesPurged();
    } else if (purged != null && memberSeen.test(purged)) {
      return;
    } else {
      String about = headers.get(Addresses.ABOUT_HEADER);
      if (about == null) {
        listener.onJoinLeave(channel, push);
      } else {
        listener.onJoinLeave(channel, push, about);
      }
    }
  }

  private static Publication toPublication(String channel, MultiMap headers, byte[] pub) {
    String offset = headers.get(Addresses.OFFSET_HEADER);
    if (offset == null) {
      return new Publication(channel, 0, null, pub);
    }
    return new Publication(channel, Long.parseLong(offset), headers.get(Addresses.EPOCH_HEADER), pub);
  }
}
