package hub.session;

import hub.auth.Identity;
import hub.config.ChannelOptions;
import hub.cluster.Addresses;
import hub.cluster.Broker;
import hub.cluster.BrokerListener;
import hub.cluster.UserDisconnect;
import hub.cluster.UserSubscription;
import hub.config.HubConfig;
import hub.metrics.HubMetrics;
import hub.metrics.LiveResources;
import hub.metrics.TrackedTimers;
import hub.protocol.Format;
import hub.proxy.ForwardedHeaders;
import hub.protocol.Publication;
import hub.stream.ShardStreams;
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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

/**
 * The sessions of one event loop: their registry (adopt, release, drain, user kicks), with the channel side in
 * {@link ShardChannels}, the deadlines in {@link ShardSweep} and the command handlers in {@link CommandDispatcher}.
 * Created by, and confined to, the event loop of the gateway that accepts its sockets: no locks anywhere in here.
 */
public final class SessionShard implements BrokerListener {

  private final int index;
  private final Vertx vertx;
  private final ShardServices services;
  private final LiveResources live;
  private final TrackedTimers timers;
  private final Heartbeat heartbeat;
  private final CommandDispatcher dispatcher;
  private final ShardChannels channels;
  private final long sweepPeriodMs;
  private final ShardSweep sweep;

  private final SessionList sessions = new SessionList();
  private final ShardStats stats = new ShardStats();
  private Broker.Attachment attachment;
  private MessageConsumer<JsonObject> statsConsumer;
  private Context context;
  private Drain drain;
  private final IsolatedSteps steps;
  private final ProxyRefresh proxyRefresh;
  private final SubscriptionExpiry subscriptionExpiry;
  private final ServerSubscribe serverSubscribe;
  private final ForwardedHeaders forwardedHeaders;

  public SessionShard(int index, Vertx vertx, ShardServices services) {
    this.index = index;
    this.vertx = vertx;
    this.services = services;
    this.live = services.metrics().live();
    this.timers = new TrackedTimers(vertx, live);
    HubConfig config = services.config();
    this.heartbeat = new Heartbeat(config.client().pingInterval(), config.client().pongTimeout());
    this.proxyRefresh = new ProxyRefresh(services.proxies(), config.client().proxies().refresh());
    this.subscriptionExpiry = new SubscriptionExpiry(services.proxies());
    this.serverSubscribe = new ServerSubscribe(services.policy(),
        new StreamSubscribe(services.streams(), config.client(), services.metrics()), config.client().channelLimit());
    this.forwardedHeaders = new ForwardedHeaders(config.proxies().values());
    this.dispatcher = CommandDispatcher.forShard(services, heartbeat);
    this.steps = new IsolatedSteps(services.metrics(), services.clock());
    this.channels = new ShardChannels(services, timers, steps, stats);
    this.sweepPeriodMs = Heartbeat.sweepPeriod(config.client().pingInterval(), config.client().pongTimeout(),
        config.client().connectTimeout());
    this.sweep = new ShardSweep(sessions, steps, channels.membership(), channels.streams(), services.streams().store(),
        services.clock());
  }

  /** Must be called on the shard's own context. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    statsConsumer = vertx.eventBus().localConsumer(Addresses.shardStats(services.nodeId(), index),
        msg -> msg.reply(stats.render(msg.body(), sessions, channels.index())
            .put("streams", channels.streams().size()).put("held", channels.streams().held())));
    sweep.start(timers, sweepPeriodMs);
    return services.broker().attach(this).onSuccess(a -> attachment = a).mapEmpty();
  }

  /** Closes whatever is left with 3001 and releases the shard's own timer and registrations. */
  public Future<Void> stop() {
    closeAll(CloseReason.SHUTDOWN);
    if (drain != null) {
      drain.finish();
    }
    sweep.stop(timers);
    Future<Void> stats = statsConsumer == null ? Future.succeededFuture() : statsConsumer.unregister();
    Future<Void> broker = attachment == null ? Future.succeededFuture() : attachment.detach();
    return Future.all(stats, broker).mapEmpty();
  }

  /** Runs {@code hook} on every sweep with the sweep's time; for transport housekeeping on the same loop. */
  public void onSweep(LongConsumer hook) {
    sweep.addHook(hook);
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
    Session session = new Session(this, transport, UUID.randomUUID(), preIdentity, deadline, format,
        forwarded);
    sessions.add(session);
    live.sessionOpened();
    services.metrics().sessionOpened(transport.name());
    transport.bind(session);
    return session;
  }

  /** The headers of an upgrade request that some proxy forwards (lower-case names); empty when none does. */
  public Map<String, String> forwardedHeaders(io.vertx.core.MultiMap headers) {
    return forwardedHeaders.pick(headers);
  }

  void sessionConnected(Session session) {
    stats.sessionConnected();
    live.sessionConnected();
  }

  /** The local half of the close routine: unlink, drop subscriptions, give back counters. */
  void release(Session session, String[] subscribed, boolean wasConnected) {
    sessions.remove(session);
    stats.sessionReleased(wasConnected);
    channels.releaseLocal(session, subscribed);
    live.sessionReleased(!wasConnected);
  }

  /** The remote half of the close routine: see {@link ShardChannels#releaseRemote}. */
  void releaseRemote(Session session, String[] subscribed) {
    channels.releaseRemote(session, subscribed);
  }

  IsolatedSteps steps() {
    return steps;
  }

  /** See {@link ShardChannels#subscribe}. */
  void subscribe(String channel, Session session, ChannelOptions namespace, SubscriptionTraits traits,
                 boolean asked) {
    channels.subscribe(channel, session, namespace, traits, asked);
  }

  void unsubscribe(String channel, Session session) {
    channels.unsubscribe(channel, session);
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

  /** One pass of the shard's sweep now, as its periodic timer runs it. */
  void sweep() {
    sweep.run();
  }

  // ---- broker events --------------------------------------------------------------------------------------------

  @Override
  public void onPublication(Publication publication) {
    channels.onPublication(publication);
  }

  @Override
  public void onJoinLeave(String channel, byte[] pushFrame) {
    channels.onJoinLeave(channel, pushFrame, null);
  }

  @Override
  public void onJoinLeave(String channel, byte[] pushFrame, String about) {
    channels.onJoinLeave(channel, pushFrame, about);
  }

  @Override
  public void onOwnEntriesPurged() {
    channels.membership().restoreOwned();
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

  @Override
  public void onSubscription(UserSubscription command) {
    List<Session> targets = new ArrayList<>();
    sessions.forEach(s -> {
      // The user first: a session formats its client id when asked, so only that user's sessions are asked.
      if (s.state() == SessionState.ACTIVE && command.user().equals(s.user())
          && command.targets(s.user(), s.clientId())) {
        targets.add(s);
      }
    });
    for (Session s : targets) {
      if (command.subscribe()) {
        serverSubscribe.subscribeLive(s, command.channel());
      } else {
        ServerSubscribe.unsubscribeLive(s, command.channel());
      }
    }
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
    return channels.streams();
  }

  ProxyRefresh proxyRefresh() {
    return proxyRefresh;
  }

  SubscriptionExpiry subscriptionExpiry() {
    return subscriptionExpiry;
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
