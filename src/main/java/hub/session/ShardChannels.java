package hub.session;

import hub.channel.ChannelIndex;
import hub.config.ChannelOptions;
import hub.config.HubConfig;
import hub.metrics.LiveResources;
import hub.metrics.TrackedTimers;
import hub.protocol.Publication;
import hub.stream.DeadlineReads;
import hub.stream.ShardStreams;
import hub.stream.StreamPublisher;
import hub.stream.StreamTimers;

/**
 * The channel side of a shard: which of its sessions hear which channel (the index, whose first and last subscriber
 * the node's channel table learns), their presence, the channel streams of history channels, and the fan-out of
 * what the broker delivers. Every subscription counter moves here and only here. Confined to the shard's event loop.
 */
final class ShardChannels {

  private final ChannelIndex<Session> index;
  private final Membership membership;
  private final ShardFanout fanout;
  private final ShardStreams<Session> streams;
  private final IsolatedSteps steps;
  private final ShardStats stats;
  private final LiveResources live;

  ShardChannels(ShardServices services, TrackedTimers timers, IsolatedSteps steps, ShardStats stats) {
    this.steps = steps;
    this.stats = stats;
    this.live = services.metrics().live();
    this.index = new ChannelIndex<>(new ChannelIndex.EdgeListener() {
      @Override
      public void firstSubscriber(String channel) {
        services.nodeChannels().shardJoined(channel);
      }

      @Override
      public void lastSubscriber(String channel) {
        services.nodeChannels().shardLeft(channel);
      }
    });
    this.membership = new Membership(services);
    this.fanout = new ShardFanout(index, membership, services.metrics(), this::unsubscribe);
    HubConfig config = services.config();
    StreamPublisher publisher = services.streams();
    // Through StoreCalls: a Hazelcast answer arrives on a Hazelcast thread, and the shard's streams are loop-confined.
    DeadlineReads.Reader reader = (channel, options, query) ->
        publisher.calls().time("read", () -> publisher.store().read(channel, options, query));
    this.streams = new ShardStreams<>(reader, fanout.audience(), new StreamTimers() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return timers.once(delayMs, task);
      }

      @Override
      public void cancel(long id) {
        timers.cancel(id);
      }
    }, () -> services.clock().millis(), config.history().gapFillDelay().toMillis(),
        config.client().channelPositionCheckDelay().toMillis(), config.history().storeTimeout().toMillis());
  }

  /**
   * @param namespace the channel's namespace options; {@code traits} may override some for this subscription
   * @param traits    what the backend attached to the subscription, kept by the session until it ends
   * @param asked     the subscribe command's {@code join_leave} (false for a server-side subscription)
   */
  void subscribe(String channel, Session session, ChannelOptions namespace, SubscriptionTraits traits,
                 boolean asked) {
    if (index.add(channel, session)) {
      session.channels().share(index.name(channel));
      session.traits(channel, traits); // before the join: its presence entry and join push carry chan_info
      stats.subscriptionsAdded(1);
      live.subscriptionAdded();
      membership.joined(session, channel, traits.options(namespace), traits.hearsJoinLeave(namespace, asked));
    }
  }

  void unsubscribe(String channel, Session session) {
    session.subscriptionTerm(channel, null);
    session.serverSide(channel, false);
    if (index.remove(channel, session)) {
      streams.left(channel, session);
      stats.subscriptionsRemoved(1);
      live.subscriptionsRemoved(1);
      membership.left(session, channel);
    }
    session.traits(channel, SubscriptionTraits.PLAIN); // after the leave, which follows them
  }

  /** The local channel half of the close routine: a pending stream join and every subscription, all synchronous. */
  void releaseLocal(Session session, String[] subscribed) {
    for (ShardStreams.Joiner<Session> joining : session.takeJoining()) {
      streams.abandon(joining);
    }
    for (String channel : subscribed) {
      steps.run(IsolatedSteps.CLOSE_CHANNEL, () -> {
        if (index.remove(channel, session)) {
          streams.left(channel, session);
        }
      });
    }
    stats.subscriptionsRemoved(subscribed.length);
    live.subscriptionsRemoved(subscribed.length);
  }

  /**
   * The remote half of the close routine, run after the local release and after the close frame went out:
   * presence removal and leave pushes. Fire-and-forget: the network never holds a socket open, and failures are
   * counted (the presence TTL removes whatever a failed removal left).
   */
  void releaseRemote(Session session, String[] subscribed) {
    for (String channel : subscribed) {
      steps.run(IsolatedSteps.CLOSE_REMOTE, () -> membership.left(session, channel)); // one channel failing spares the rest
    }
  }

  void onPublication(Publication publication) {
    if (publication.sequenced()) {
      streams.accept(publication); // history channels: in offset order, once each, through the fan-out's audience
    } else {
      fanout.publish(publication);
    }
  }

  /** @param about the client a repair push is about, which does not hear it; null for a client's own join/leave */
  void onJoinLeave(String channel, byte[] pushFrame, String about) {
    fanout.joinLeave(channel, pushFrame, about);
  }

  ChannelIndex<Session> index() {
    return index;
  }

  Membership membership() {
    return membership;
  }

  ShardStreams<Session> streams() {
    return streams;
  }
}
