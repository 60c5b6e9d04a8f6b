package hub.session;

import hub.channel.ChannelName;
import hub.cluster.PresenceEntry;
import hub.config.ChannelOptions;
import hub.protocol.ProtocolCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * What the rest of the cluster learns when a session joins or leaves a channel: presence entries (for channels with
 * {@code presence}) and join/leave pushes (for channels with {@code joinLeave}). Remote work is fire-and-forget with
 * a failure counter, so the network never holds a socket open. Confined to its shard's event loop.
 */
final class Membership {

  private final ShardServices services;
  /** Presence entries this shard owns, re-asserted every third of the TTL so they outlive it only while we live. */
  private final Map<String, PresenceEntry> owned = new HashMap<>();
  private final long refreshMs;
  private long nextRefresh;

  Membership(ShardServices services) {
    this.services = services;
    this.refreshMs = Math.max(1000, services.config().cluster().presenceTtl().toMillis() / 3);
  }

  void joined(Session session, String channel, ChannelOptions options) {
    if (options.presence()) {
      PresenceEntry entry = new PresenceEntry(channel, session.clientId(), session.clientInfo().toJson());
      owned.put(entry.key(), entry);
      services.presence().add(entry).onFailure(e -> services.metrics().presenceFailure());
    }
    if (options.joinLeave()) {
      services.broker().publish(channel, ProtocolCodec.joinPush(channel, session.clientInfo().toJson()));
    }
  }

  void left(Session session, String channel) {
    if (owned.remove(session.clientId() + '|' + channel) != null) {
      services.presence().remove(channel, session.clientId()).onFailure(e -> services.metrics().presenceFailure());
    }
    ChannelName name = ChannelName.parse(channel, Integer.MAX_VALUE);
    ChannelOptions options = name == null ? null : services.policy().optionsOf(name);
    if (options != null && options.joinLeave()) {
      services.broker().publish(channel, ProtocolCodec.leavePush(channel, session.clientInfo().toJson()));
    }
  }

  /** Called on every sweep; refreshes the owned entries once a third of the TTL has passed. */
  void refreshIfDue(long now) {
    if (now < nextRefresh) {
      return;
    }
    nextRefresh = now + refreshMs;
    if (!owned.isEmpty()) {
      services.presence().refresh(new ArrayList<>(owned.values()))
          .onFailure(e -> services.metrics().presenceFailure());
    }
  }
}
