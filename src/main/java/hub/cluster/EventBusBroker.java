package hub.cluster;

import hub.protocol.Publication;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * Broker over the Vert.x event bus. Each shard holds one consumer on {@link Addresses#PUBLICATIONS} and one on
 * {@link Addresses#CONTROL}; a publication is published once and the event bus sends one copy per node that has a
 * consumer, then hands it to each local shard. Subscribing a client never registers anything here. Thread-safe.
 */
public final class EventBusBroker implements Broker {

  private final EventBus bus;
  private final Consumer<String> probeHeard;

  public EventBusBroker(EventBus bus) {
    this(bus, from -> { });
  }

  /** @param probeHeard told the sending node's id of every route probe a shard receives (any thread) */
  public EventBusBroker(EventBus bus, Consumer<String> probeHeard) {
    this.bus = bus;
    this.probeHeard = probeHeard;
  }

  /**
   * Publishes a route probe from {@code nodeId} on the fan-out address: every node that this one routes
   * publications to receives it on the same path as a publication (see {@link RouteCheck}).
   */
  public void publishProbe(String nodeId) {
    bus.publish(Addresses.PUBLICATIONS, new byte[0], new DeliveryOptions()
        .addHeader(Addresses.AUDIENCE_HEADER, Addresses.ROUTE_PROBE_AUDIENCE)
        .addHeader(Addresses.FROM_HEADER, nodeId));
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
        probeHeard.accept(headers.get(Addresses.FROM_HEADER));
      } else if (Addresses.JOIN_LEAVE_AUDIENCE.equals(audience)) {
        listener.onJoinLeave(channel, msg.body());
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

  private static Publication toPublication(String channel, MultiMap headers, byte[] pub) {
    String offset = headers.get(Addresses.OFFSET_HEADER);
    if (offset == null) {
      return new Publication(channel, 0, null, pub);
    }
    return new Publication(channel, Long.parseLong(offset), headers.get(Addresses.EPOCH_HEADER), pub);
  }
}
