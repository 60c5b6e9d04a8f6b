package hub.support;

import hub.cluster.Broker;
import hub.cluster.BrokerListener;
import hub.cluster.UserDisconnect;
import hub.protocol.Publication;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker that keeps everything in this JVM and, like the event bus, delivers on each listener's own context in a
 * later turn of its event loop (never inline inside the publisher's call). Records what was published.
 */
public final class InMemoryBroker implements Broker {

  private record Attached(BrokerListener listener, Context context) {
  }

  private final List<Attached> listeners = new CopyOnWriteArrayList<>();
  private final List<String> published = new CopyOnWriteArrayList<>();
  private volatile RuntimeException throwOnJoinLeave;

  /** Makes every join/leave publish throw {@code e} at once, as a broker whose event bus is gone could; null: stop. */
  public void throwOnJoinLeave(RuntimeException e) {
    throwOnJoinLeave = e;
  }

  @Override
  public void publish(Publication publication) {
    published.add(publication.channel());
    for (Attached a : listeners) {
      // Like the event bus, each listener receives its own instance (with the same bytes).
      Publication copy = new Publication(publication.channel(), publication.offset(), publication.epoch(),
          publication.pubBytes());
      a.context.runOnContext(v -> a.listener.onPublication(copy));
    }
  }

  @Override
  public void publishJoinLeave(String channel, byte[] pushFrame) {
    RuntimeException fail = throwOnJoinLeave;
    if (fail != null) {
      throw fail;
    }
    published.add(channel);
    for (Attached a : listeners) {
      a.context.runOnContext(v -> a.listener.onJoinLeave(channel, pushFrame));
    }
  }

  @Override
  public void disconnect(UserDisconnect command) {
    for (Attached a : listeners) {
      a.context.runOnContext(v -> a.listener.onDisconnect(command));
    }
  }

  @Override
  public void subscription(hub.cluster.UserSubscription command) {
    for (Attached a : listeners) {
      a.context.runOnContext(v -> a.listener.onSubscription(command));
    }
  }

  @Override
  public Future<Attachment> attach(BrokerListener listener) {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new AssertionError("attach must be called on the listener's context");
    }
    Attached a = new Attached(listener, context);
    listeners.add(a);
    return Future.succeededFuture(() -> {
      listeners.remove(a);
      return Future.succeededFuture();
    });
  }

  /** Channels published to, in order. */
  public List<String> published() {
    return published;
  }

  public int attached() {
    return listeners.size();
  }
}
