package hub.session;

import hub.auth.Identity;
import hub.channel.ChannelIndex;
import hub.config.ChannelOptions;
import hub.cluster.Addresses;
import hub.cluster.Broker;
import hub.cluster.BrokerListener;
import hub.cluster.UserDisconnect;
import hub.config.HubConfig;
import hub.metrics.HubMetrics;
import hub.metrics.LiveResources;
import hub.metrics.TrackedTimers;
import hub.protocol.Format;
import hub.protocol.ProtocolCodec;
import hub.protocol.Publication;
import hub.stream.ShardStreams;
import hub.stream.StreamAudience;
import hub.stream.StreamTimers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The sessions of one event loop: their registry, their channel index and the one periodic sweep that serves every
 * deadline they have (connect, ping, pong, expiry). Timers therefore grow with shards, never with connections.
 * Created by, and confined to, the event loop of the gateway that accepts its sockets: no locks anywhere in here.
 */
public final class SessionShard implements BrokerListener {

  /** Unsubscribe code of a subscription that lost its stream position: the SDK resubscribes and recovers. */
  static final int POSITION_LOST_CODE = 2500;
  static final String POSITION_LOST_REASON = "insufficient state";

  private final int index;
  private final Vertx vertx;
  private final ShardServices services;
  private final LiveResources live;
  private final TrackedTimers timers;
  private final Heartbeat heartbeat;
  private final CommandDispatcher dispatcher;
  private final ChannelIndex<Session> channels;
  private final long sweepPeriodMs;
  private final List<LongConsumer> sweepHooks = new ArrayList<>(1);

  private final SessionList sessions = new SessionList();
  private final ShardStats stats = new ShardStats();
  private long sweepTimer = -1;
  private Broker.Attachment attachment;
  private MessageConsumer<JsonObject> statsConsumer;
  private Context context;
  private Drain drain;
  private final Membership membership;
  private final ShardStreams<Session> streams;
  private final IsolatedSteps steps;
  private final ProxyRefresh proxyRefresh;
  /** Upgrade-request headers some proxy forwards (lower case); empty when none does. */
  private final Set<String> forwardedHeaders;

  public SessionShard(int index, Vertx vertx, ShardServices services) {
    this.index = index;
    this.vertx = vertx;
    this.services = services;
    this.live = services.metrics().live();
    this.timers = new TrackedTimers(vertx, live);
    HubConfig config = services.config();
    this.heartbeat = new Heartbeat(config.client().pingInterval(), config.client().pongTimeout());
    hub.config.ClientProxies proxyNames = config.client().proxies();
    this.proxyRefresh = new ProxyRefresh(services.proxies(), proxyNames.refresh());
    this.forwardedHeaders = config.proxies().values().stream().flatMap(p -> p.httpHeaders().stream())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.dispatcher = new CommandDispatcher(
        new ConnectHandler(services.tokens(), config, heartbeat, proxyNames.connect() == null ? null
            : new ProxyConnect(services.proxies(), proxyNames.connect(), config.auth().allowAnonymous())),
        new SubscribeHandler(services.policy(), config.client().channelLimit(),
            new StreamSubscribe(services.streams(), config.client(), services.metrics())),
        new PublishHandler(services.policy(), services.streams()),
        new RefreshHandler(services.tokens()),
        new PresenceHandler(services.policy()),
        new HistoryHandler(services.policy(), services.streams(), config.client().historyMaxPublicationLimit()),
        new RpcHandler(services.proxies(), proxyNames.rpc()));
    this.channels = new ChannelIndex<>(new ChannelIndex.EdgeListener() {
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
    this.steps = new IsolatedSteps(services.metrics(), services.clock());
    this.streams = new ShardStreams<>(services.streams().store(), new Audience(), new StreamTimers() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return timers.once(delayMs, task);
      }

      @Override
      public void cancel(long id) {
        timers.cancel(id);
      }
    }, () -> services.clock().millis(), config.history().gapFillDelay().toMillis(),
        config.client().channelPositionCheckDelay().toMillis());
    this.sweepPeriodMs = Heartbeat.sweepPeriod(config.client().pingInterval(), config.client().pongTimeout(),
        config.client().connectTimeout());
  }

  /** Must be called on the shard's own context. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    statsConsumer = vertx.eventBus().localConsumer(Addresses.shardStats(services.nodeId(), index),
        msg -> msg.reply(stats.render(msg.body(), sessions, channels)
            .put("streams", streams.size()).put("held", streams.held())));
    sweepTimer = timers.periodic(sweepPeriodMs, id -> sweep());
    return services.broker().attach(this).onSuccess(a -> attachment = a).mapEmpty();
  }

  /** Closes whatever is left with 3001 and releases the shard's own timer and registrations. */
  public Future<Void> stop() {
    closeAll(CloseReason.SHUTDOWN);
    if (drain != null) {
      drain.finish();
    }
    if (sweepTimer >= 0) {
      timers.cancel(sweepTimer);
      sweepTimer = -1;
    }
    Future<Void> stats = statsConsumer == null ? Future.succeededFuture() : statsConsumer.unregister();
    Future<Void> broker = attachment == null ? Future.succeededFuture() : attachment.detach();
    return Future.all(stats, broker).mapEmpty();
  }

  /** Runs {@code hook} on every sweep with the sweep's time; for transport housekeeping on the same loop. */
  public void onSweep(LongConsumer hook) {
    sweepHooks.add(hook);
  }

  // ---- session registry ------------------------------------------------------------------------------------------

  /**
   * Takes ownership of a freshly upgraded socket. The session starts in PRECONNECT with only its connect deadline.
   *
   * @param preIdentity who the upgrade request's credential named, or null
   * @param format      the wire format chosen at the upgrade
   */
  public Session adopt(Transport transport, Identity preIdentity, Format format) {
    return adopt(transport, preIdentity, format, Map.of());
  }

  /** @param forwarded the upgrade request's headers that some proxy forwards, from {@link #forwardedHeaders} */
  public Session adopt(Transport transport, Identity preIdentity, Format format, Map<String, String> forwarded) {
    long deadline = clock().millis() + services.config().client().connectTimeout().toMillis();
    Session session = new Session(this, transport, UUID.randomUUID().toString(), preIdentity, deadline, format,
        forwarded);
    sessions.add(session);
    live.sessionOpened();
    services.metrics().sessionOpened(transport.name());
    transport.bind(session);
    return session;
  }

  /** The headers of an upgrade request that some proxy forwards (lower-case names); empty when none does. */
  public Map<String, String> forwardedHeaders(io.vertx.core.MultiMap headers) {
    if (headers == null || forwardedHeaders.isEmpty()) {
      return Map.of();
    }
    Map<String, String> kept = new java.util.HashMap<>(forwardedHeaders.size());
    for (String name : forwardedHeaders) {
      String value = headers.get(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return kept;
  }

  void sessionConnected(Session session) {
    stats.sessionConnected();
    live.sessionConnected();
  }

  /** The local half of the close routine: unlink, drop subscriptions, give back counters. */
  void release(Session session, String[] subscribed, boolean wasConnected) {
    sessions.remove(session);
    stats.sessionReleased(wasConnected);
    ShardStreams.Joiner<Session> joining = session.takeJoining();
    if (joining != null) {
      streams.abandon(joining);
    }
    for (String channel : subscribed) {
      steps.run(IsolatedSteps.CLOSE_CHANNEL, () -> {
        if (channels.remove(channel, session)) {
          streams.left(channel, session);
        }
      });
    }
    stats.subscriptionsRemoved(subscribed.length);
    live.subscriptionsRemoved(subscribed.length);
    live.sessionReleased(!wasConnected);
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

  IsolatedSteps steps() {
    return steps;
  }

  /** @param hearsJoinLeave whether the session receives the channel's join/leave pushes */
  void subscribe(String channel, Session session, ChannelOptions options, boolean hearsJoinLeave) {
    if (channels.add(channel, session)) {
      stats.subscriptionsAdded(1);
      live.subscriptionAdded();
      membership.joined(session, channel, options, hearsJoinLeave);
    }
  }

  void unsubscribe(String channel, Session session) {
    if (channels.remove(channel, session)) {
      streams.left(channel, session);
      stats.subscriptionsRemoved(1);
      live.subscriptionsRemoved(1);
      membership.left(session, channel);
    }
  }

  /** Runs {@code action} on this shard's event loop: now when already there, else on the loop's next turn. */
  void onLoop(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Closes a session on the next turn of the event loop, outside whatever loop found it at fault. */
  void closeSoon(Session session, CloseReason reason) {
    context.runOnContext(v -> session.close(reason));
  }

  void droppedSend() {
    stats.droppedSend();
  }

  public int sessionCount() {
    return sessions.size();
  }

  // ---- deadlines ------------------------------------------------------------------------------------------------

  /** One pass over the shard's sessions; each does what its deadline asks (close, or send a ping). */
  void sweep() {
    long now = clock().millis();
    sessions.forEach(s -> {
      if (now >= s.nextDeadline()) {
        try {
          s.onDeadline(now);
        } catch (RuntimeException e) {
          s.failed(e); // one session's bug must not stop the sweep for the others
        }
      }
    });
    steps.run(IsolatedSteps.SWEEP_PRESENCE, () -> membership.refreshIfDue(now));
    steps.run(IsolatedSteps.SWEEP_STREAMS, () -> streams.sweep(now));
    steps.run(IsolatedSteps.SWEEP_STREAMS, () -> services.streams().store().sweep(now));
    for (LongConsumer hook : sweepHooks) {
      steps.run(IsolatedSteps.SWEEP_HOOK, () -> hook.accept(now));
    }
  }

  // ---- broker events --------------------------------------------------------------------------------------------

  @Override
  public void onPublication(Publication publication) {
    if (publication.sequenced()) {
      streams.accept(publication); // history channels: in offset order, once each, via the Audience below
      return;
    }
    Set<Session> subscribers = channels.subscribersOf(publication.channel());
    if (!subscribers.isEmpty()) {
      deliver(subscribers, publication::push); // memoised on the publication: one encoding per format
    }
  }

  /** How {@link ShardStreams} writes to this shard's subscribers. */
  private final class Audience implements StreamAudience<Session> {

    @Override
    public void deliver(Publication publication, Map<Session, Long> skip) {
      Set<Session> subscribers = channels.subscribersOf(publication.channel());
      if (subscribers.isEmpty()) {
        return;
      }
      if (skip.isEmpty()) {
        SessionShard.this.deliver(subscribers, publication::push);
        return;
      }
      int delivered = 0;
      for (Session s : subscribers) {
        Long upTo = skip.get(s);
        if ((upTo == null || upTo < publication.offset()) && s.deliver(publication.push(s.format()))) {
          delivered++;
        }
      }
      services.metrics().messagesOut(delivered);
    }

    @Override
    public void deliverTo(Session subscriber, Publication publication) {
      if (subscriber.deliver(publication.push(subscriber.format()))) {
        services.metrics().messagesOut(1);
      }
    }

    @Override
    public void lost(String channel, List<Session> subscribers) {
      PushFrames push = new PushFrames(ProtocolCodec.unsubscribePush(channel, POSITION_LOST_CODE, POSITION_LOST_REASON));
      for (Session s : subscribers) {
        if (s.channels().remove(channel)) {
          s.send(push.apply(s.format())); // before anything else of the channel: the client recovers from the offset it holds now
          unsubscribe(channel, s);
          services.metrics().positionLost();
        }
      }
    }
  }

  @Override
  public void onJoinLeave(String channel, byte[] pushFrame) {
    Set<Session> audience = membership.audienceOf(channel);
    if (!audience.isEmpty()) {
      deliver(audience, new PushFrames(pushFrame));
    }
  }

  /**
   * Writes to every session of {@code subscribers} the frame of its format; {@code frames} returns the same array
   * for every session of one format, so each format is encoded once and framed once ({@code SharedFrames}).
   */
  private void deliver(Set<Session> subscribers, Function<Format, byte[]> frames) {
    int delivered = 0;
    for (Session s : subscribers) {
      if (s.deliver(frames.apply(s.format()))) {
        delivered++;
      }
    }
    services.metrics().messagesOut(delivered);
  }

  /** A JSON push frame and its conversions to the other formats, each made when first asked for. */
  private static final class PushFrames implements Function<Format, byte[]> {
    private final byte[][] byFormat = new byte[Format.values().length][];
    private final byte[] json;

    PushFrames(byte[] json) {
      this.json = json;
    }

    @Override
    public byte[] apply(Format format) {
      byte[] frame = byFormat[format.ordinal()];
      if (frame == null) {
        frame = format.fromJsonPush(json);
        byFormat[format.ordinal()] = frame;
      }
      return frame;
    }
  }

  @Override
  public void onDisconnect(UserDisconnect command) {
    CloseReason reason = CloseReason.requested(command.code(), command.reason());
    List<Session> targets = new ArrayList<>();
    sessions.forEach(s -> {
      if (s.targetedBy(command)) {
        targets.add(s);
      }
    });
    targets.forEach(s -> s.close(reason));
  }

  // ---- drain ----------------------------------------------------------------------------------------------------

  /**
   * Closes every session with 3001, spread evenly over {@code window} (see {@link DrainSchedule}) so that clients do
   * not all reconnect in the same instant. Completes when the shard holds no session; a second call joins the first.
   */
  public Future<Void> drain(Duration window) {
    if (drain == null) {
      drain = Drain.start(sessions, timers, clock(), window);
    }
    return drain.future();
  }

  private void closeAll(CloseReason reason) {
    while (!sessions.isEmpty()) {
      Session next = sessions.first();
      steps.run(IsolatedSteps.SHUTDOWN_SESSION, () -> next.close(reason));
      if (sessions.first() == next) {
        sessions.remove(next); // its close failed before releasing it: never loop on the same session
      }
    }
  }

  // ---- collaborators for the session and its handlers ----------------------------------------------------------

  HubConfig config() {
    return services.config();
  }

  String nodeId() {
    return services.nodeId();
  }

  HubMetrics metrics() {
    return services.metrics();
  }

  Broker broker() {
    return services.broker();
  }

  hub.cluster.PresenceStore presence() {
    return services.presence();
  }

  Clock clock() {
    return services.clock();
  }

  ShardStreams<Session> streams() {
    return streams;
  }

  ProxyRefresh proxyRefresh() {
    return proxyRefresh;
  }

  Heartbeat heartbeat() {
    return heartbeat;
  }

  CommandDispatcher dispatcher() {
    return dispatcher;
  }

  double random() {
    return ThreadLocalRandom.current().nextDouble();
  }
}
