package hub.session;

import hub.channel.ChannelIndex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * One shard's own figures for the server API's {@code info} and {@code channels}, answered on the shard's loop so
 * that they are read without locks: connected clients, sessions, subscriptions, distinct users, sends dropped and,
 * on request, subscribers per channel. Confined to the shard's event loop.
 */
final class ShardStats {

  private int connected;
  private int subscriptions;
  private long sendsDropped;

  void sessionConnected() {
    connected++;
  }

  void sessionReleased(boolean wasConnected) {
    if (wasConnected) {
      connected--;
    }
  }

  void subscriptionsAdded(int n) {
    subscriptions += n;
  }

  void subscriptionsRemoved(int n) {
    subscriptions -= n;
  }

  void droppedSend() {
    sendsDropped++;
  }

  /** @param request may ask for {@code "channels": true} to include subscribers per channel */
  JsonObject render(JsonObject request, SessionList sessions, ChannelIndex<Session> channels) {
    Set<String> users = new HashSet<>();
    sessions.forEach(s -> {
      if (s.state() == SessionState.ACTIVE) {
        users.add(s.user());
      }
    });
    JsonObject reply = new JsonObject()
        .put("clients", connected)
        .put("sessions", sessions.size())
        .put("subs", subscriptions)
        .put("sendsDropped", sendsDropped)
        .put("users", new JsonArray(new ArrayList<>(users)));
    if (request != null && request.getBoolean("channels", false)) {
      JsonObject counts = new JsonObject();
      channels.forEachChannel(counts::put);
      reply.put("channels", counts);
    }
    return reply;
  }
}
