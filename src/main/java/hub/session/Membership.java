package hub.session;

import hub.channel.ChannelIndex;
import hub.channel.ChannelName;
import hub.cluster.PresenceEntry;
import hub.config.ChannelOptions;
import hub.log.LogFields;
import hub.protocol.ProtocolCodec;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the rest of the cluster learns when a session joins or leaves a channel (presence entries for channels with
 * {@code presence}, join/leave pushes for channels with {@code joinLeave}), and which of this shard's subscribers
 * hear those pushes. Remote work is fire-and-forget with a failure counter, so the network never holds a socket
 * open. Confined to its shard's event loop.
 */
final class Membership {

  private static final ChannelIndex.EdgeListener NO_EDGES = new ChannelIndex.EdgeListener() {
    @Override
    public void firstSubscriber(String channel) {
    }

    @Override
    public void lastSubscriber(String channel) {
    }
  };

  private final ShardServices services;
  /** Presence entries this shard owns, re-asserted every third of the TTL so they outlive it only while we live. */
  private final Map<String, PresenceEntry> owned = new HashMap<>();
  /** Keys of {@link #owned} whose subscription pushes join/leave: a restored one pushes its join again. */
  private final Set<String> ownedJoinLeave = new HashSet<>();
  /** Set when a purge of this live node was heard: our entries may be gone, rewrite them at the next sweep. */
  private boolean restoreDue;
  /** Set when a rewrite failed (below quorum, a merge not settled): rewrite instead of refresh when next due. */
  private boolean rewriteFailed;
  /** Set when a merge's rejoin could not be written: the next rewrite pushes every owned entry's join instead. */
  private boolean rejoinOwed;
  /**
   * Per channel, the local subscribers that hear its join and leave pushes. Kept apart from the shard's channel
   * index so that a join/leave fan-out walks only them, and subscribers that did not ask cost nothing here.
   */
  private final ChannelIndex<Session> audience = new ChannelIndex<>(NO_EDGES);
  private final long refreshMs;
  private long nextRefresh;
  /** The store's generation at the last refresh: a change means our entries may be gone (a merge). */
  private long refreshedGeneration;

  Membership(ShardServices services) {
    this.services = services;
    this.refreshMs = Math.max(1000, services.config().cluster().presenceTtl().toMillis() / 3);
  }

  /**
   * @param options        the channel's options as this subscription has them (overrides applied)
   * @param hearsJoinLeave whether this subscriber receives the channel's join/leave pushes (its own join included,
   *                       as it is subscribed by the time the push arrives)
   */
  void joined(Session session, String channel, ChannelOptions options, boolean hearsJoinLeave) {
    if (hearsJoinLeave) {
      audience.add(channel, session);
    }
    if (options.presence()) {
      PresenceEntry entry = new PresenceEntry(channel, session.clientId(), session.clientInfo(channel).toJson());
      owned.put(entry.key(), entry);
      if (options.joinLeave()) {
        ownedJoinLeave.add(entry.key());
      }
      written(() -> services.presence().add(entry));
    }
    if (options.joinLeave()) {
      services.broker().publishJoinLeave(channel, ProtocolCodec.joinPush(channel, session.clientInfo(channel).toJson()));
    }
  }

  void left(Session session, String channel) {
    audience.remove(channel, session); // first, so the session never hears its own leave
    ownedJoinLeave.remove(session.clientId() + '|' + channel);
    if (owned.remove(session.clientId() + '|' + channel) != null) {
      written(() -> services.presence().remove(channel, session.clientId())); // before the leave push, which must go anyway
    }
    ChannelName name = ChannelName.parse(channel, Integer.MAX_VALUE);
    ChannelOptions namespace = name == null ? null : services.policy().optionsOf(name);
    // The subscription's own join_leave override decides, as it did for its join.
    if (namespace != null && session.traitsOf(channel).options(namespace).joinLeave()) {
      services.broker().publishJoinLeave(channel, ProtocolCodec.leavePush(channel, session.clientInfo(channel).toJson()));
    }
  }

  /**
   * Fire-and-forget store write, counted when it fails. A store must answer with a failed future, but one that
   * throws instead (as the Hazelcast store did once its member stopped) must not cost the leave push or the rest
   * of a close or a sweep.
   */
  private void written(Supplier<Future<Void>> write) {
    Future<Void> done;
    try {
      done = write.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onFailure(e -> services.metrics().presenceFailure());
  }

  /** This shard's subscribers of {@code channel} that hear its join/leave pushes; must not be modified. */
  Set<Session> audienceOf(String channel) {
    return audience.subscribersOf(channel);
  }

  /** Our entries may have been removed by another member: write them again at the next sweep. */
  void restoreOwned() {
    restoreDue = true;
  }

  /**
   * Called on every sweep; refreshes the owned entries once a third of the TTL has passed, or at once when the store
   * may have lost them (presence is rebuilt from the live sessions after a split-brain merge).
   */
  void refreshIfDue(long now) {
    long generation = services.presence().generation();
    boolean urgent = generation != refreshedGeneration || restoreDue;
    if (now < nextRefresh && !urgent) {
      return;
    }
    boolean mayBeLost = urgent || rewriteFailed;
    // Once per merge and shard: every owned entry's join, as those pushed before the routes came back may be lost.
    boolean rejoinAll = rejoinOwed || generation != refreshedGeneration && services.presence().rejoinAll(generation);
    nextRefresh = now + refreshMs;
    refreshedGeneration = generation;
    restoreDue = false;
    rewriteFailed = false;
    rejoinOwed = false;
    if (owned.isEmpty()) {
      return;
    }
    // A refresh only restarts the TTL of entries that still exist (so a late one cannot resurrect a removed
    // entry); when the store may have lost ours, they are written whole again.
    List<PresenceEntry> entries = new ArrayList<>(owned.values());
    if (!mayBeLost) {
      written(() -> services.presence().refresh(entries));
      return;
    }
    Future<Collection<PresenceEntry>> restored;
    try {
      restored = services.presence().rewrite(entries);
    } catch (RuntimeException e) {
      restored = Future.failedFuture(e);
    }
    restored.onSuccess(back -> {
      // A rewrite between a merge and its rejoin finds the entries the merge discarded: the rejoin pushes their
      // joins, and pushing them here as well would make the other side hear each one twice.
      boolean rejoinCovers = !rejoinAll && services.presence().rejoinComing(generation);
      pushRestoredJoins(rejoinAll ? entries : back, !rejoinCovers);
    }).onFailure(e -> {
      // Below the quorum this repeats at every refresh of a split: DEBUG (the quorum's WARN line said it once).
      System.getLogger(Membership.class.getName()).log(System.Logger.Level.DEBUG, "presence rewrite failed: " + e);
      services.metrics().presenceFailure();
      rewriteFailed = true; // try again at the next refresh, not at every sweep
      rejoinOwed |= rejoinAll; // the generation has moved on, so only this keeps the rejoin for the next attempt
    });
  }

  /**
   * The clients of entries that were missing were told they had left (a survivor's purge) or were never known to
   * the other side: one join each, still owned and still pushing join/leave, which the client itself does not hear.
   * Only lost entries count, so a normal start or a plain refresh pushes nothing. With {@code pushJoins} false the
   * joins are left to a rejoin to come, and only the ghosts of sessions that left meanwhile are undone.
   */
  private void pushRestoredJoins(Collection<PresenceEntry> restored, boolean pushJoins) {
    if (!restored.isEmpty() && pushJoins) {
      // One line per shard per loss (a merge, a purge of this live node), never per entry.
      System.getLogger(Membership.class.getName()).log(System.Logger.Level.INFO,
          "presence entries lost by the cluster written again", LogFields.of("entries", restored.size()));
    }
    for (PresenceEntry e : restored) {
      if (!owned.containsKey(e.key())) {
        // The session left while the rewrite travelled, and its removal may have landed first: undo the put, or
        // the entry would be a ghost for a whole TTL.
        written(() -> services.presence().remove(e.channel(), e.client()));
      } else if (pushJoins && ownedJoinLeave.contains(e.key())) {
        services.broker().publishRepair(e.channel(), ProtocolCodec.joinPush(e.channel(), e.info()), e.client(), null);
      }
    }
  }
}
