package hub.session;

import hub.auth.Identity;
import hub.cluster.UserDisconnect;
import hub.log.LogBudget;
import hub.log.LogFields;
import hub.protocol.ClientInfo;
import hub.protocol.Format;
import hub.stream.ShardStreams;

import java.util.List;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One client connection after its upgrade: the protocol state machine and THE close routine. Everything the session
 * acquires (its place in the shard, its deadlines, its channel subscriptions, its connection slot) is released by
 * {@link #close(CloseReason)}, and every exit leads there. Confined to its shard's event loop: no locks.
 */
public final class Session implements TransportEvents {

  private static final System.Logger LOG = System.getLogger(Session.class.getName());
  /** Server API disconnects kept for one token check; more than this in that time closes the session at once. */
  static final int MAX_KICKS_WHILE_CONNECTING = KicksWhileConnecting.MAX;
  /**
   * Node-wide bounds on the lines clients can cause: closes for abnormal reasons (each client can cause one, and
   * clients are many) and internal errors (a stack trace each, and a client that found one can repeat it at will).
   */
  static final LogBudget CLOSE_LINES = new LogBudget();
  static final LogBudget INTERNAL_ERROR_LINES = new LogBudget(5);

  // Intrusive links of the shard's session list: O(1) unlink, no per-session collection entry.
  Session prev;
  Session next;

  private final SessionShard shard;
  private final Transport transport;
  private final long idHigh, idLow; // the client id, a random UUID kept as 16 B, not an 80 B String (issue 13)
  private final Format format;
  private SessionState state = SessionState.PRECONNECT;
  /** From the upgrade request's credential until connect; then the connected identity. */
  private Identity identity;
  private final ChannelSet channels = new ChannelSet();
  private final SessionDeadlines deadlines;
  private final CommandQueue inbound;
  private boolean doomed;
  /** Subscriptions whose store read is in flight: one from a command, several from a connect's server side; or null. */
  private List<ShardStreams.Joiner<Session>> joining;
  /** Server API disconnects that arrived while the token was being checked; null when none. */
  private KicksWhileConnecting kicksWhileConnecting;
  private SessionProxies proxies; // null until a proxy needs it: most sessions never do (32 B each)
  /** Server-side marks, terms and traits of the subscriptions; null until one of them is set. */
  private SubscriptionDetails details;

  Session(SessionShard shard, Transport transport, java.util.UUID clientId, Identity preIdentity, long connectDeadline,
          Format format, java.util.Map<String, String> forwardedHeaders) {
    this.shard = shard;
    this.proxies = forwardedHeaders.isEmpty() ? null : new SessionProxies(forwardedHeaders);
    this.transport = transport;
    this.idHigh = clientId.getMostSignificantBits();
    this.idLow = clientId.getLeastSignificantBits();
    this.format = format;
    this.identity = preIdentity;
    this.deadlines = new SessionDeadlines(connectDeadline);
    this.inbound = new CommandQueue(this, transport, shard);
  }

  public String clientId() { // formatted on each call: replies, presence, proxy requests and logs, never per delivery
    return new java.util.UUID(idHigh, idLow).toString();
  }

  /** The wire format the client chose at the upgrade; fixed for the session's life. */
  public Format format() {
    return format;
  }

  public SessionState state() {
    return state;
  }

  /** The connected user, or null before connect. */
  public String user() {
    return state == SessionState.ACTIVE ? identity.user() : null;
  }

  ClientInfo clientInfo() {
    return new ClientInfo(identity.user(), clientId(), identity.info());
  }

  /** As shown to the other subscribers of {@code channel}: with this subscription's {@code chan_info}, if any. */
  ClientInfo clientInfo(String channel) {
    return new ClientInfo(identity.user(), clientId(), identity.info(), traitsOf(channel).chanInfo());
  }

  /** The traits of this session's subscription to {@code channel}; PLAIN when it has none (or is not one). */
  SubscriptionTraits traitsOf(String channel) {
    return details == null ? SubscriptionTraits.PLAIN : details.traitsOf(channel);
  }

  /** Sets the traits of a subscription being made, or (PLAIN) drops those of one that ended. */
  void traits(String channel, SubscriptionTraits t) {
    if (details != null || !t.isPlain()) {
      details().traits(channel, t);
    }
  }

  private SubscriptionDetails details() {
    if (details == null) {
      details = new SubscriptionDetails();
    }
    return details;
  }

  Identity identity() {
    return identity;
  }

  /** The transport's name ({@code websocket}, {@code http_stream}, {@code sse}), as proxy requests state it. */
  String transportName() {
    return transport.name();
  }

  /** The emulation session id the connect reply must carry, or null on a WebSocket. */
  String emulationSession() {
    return transport.emulationSession();
  }

  SessionShard shard() {
    return shard;
  }

  SessionProxies proxies() {
    return proxies != null ? proxies : (proxies = new SessionProxies(java.util.Map.of()));
  }

  boolean proxyAuthenticated() { // the connect proxy admitted it; asking does not create the proxy state
    return proxies != null && proxies.authenticated();
  }

  ChannelSet channels() {
    return channels;
  }

  void joining(ShardStreams.Joiner<Session> joiner) {
    if (joining == null) {
      joining = new java.util.ArrayList<>(1);
    }
    joining.add(joiner);
  }

  /** Whether {@code joiner} was still held by this session (false: the close routine abandoned it); now it is not. */
  boolean stopJoining(ShardStreams.Joiner<Session> joiner) {
    return joining != null && joining.remove(joiner);
  }

  /** Every joiner in flight, now no longer held by this session. */
  List<ShardStreams.Joiner<Session>> takeJoining() {
    List<ShardStreams.Joiner<Session>> j = joining == null ? List.of() : joining;
    joining = null;
    return j;
  }

  boolean isClosed() {
    return state == SessionState.CLOSED;
  }

  // ---- inbound -------------------------------------------------------------------------------------------------

  @Override
  public void onMessage(String text) {
    if (state != SessionState.CLOSED) {
      inbound.onFrame(text);
    }
  }

  @Override
  public void onBinaryMessage(byte[] data) {
    if (state != SessionState.CLOSED) {
      inbound.onFrame(data);
    }
  }

  /** A bug of ours met this session: close it with 3004 rather than leave it half-processed. */
  void failed(RuntimeException e) {
    long skipped = INTERNAL_ERROR_LINES.take(shard.clock().millis());
    if (skipped >= 0) {
      LOG.log(WARNING, "session " + clientId() + ": internal error" + LogBudget.skippedNote(skipped), e);
    }
    close(CloseReason.INTERNAL);
  }

  @Override
  public void onOversized() {
    close(CloseReason.MESSAGE_TOO_BIG);
  }

  @Override
  public void onBadFrame() {
    close(CloseReason.BAD_FRAME);
  }

  @Override
  public void onClosed(boolean closeFrameReceived) {
    if (state == SessionState.CLOSED) {
      return; // the socket reporting the close we made: an echo, not a second close (issue 10, item 20)
    }
    close(closeFrameReceived ? CloseReason.CLIENT_CLOSED : CloseReason.CONNECTION_LOST);
  }

  @Override
  public void onFailure(Throwable cause, boolean peerGone) {
    if (state == SessionState.CLOSED) {
      return; // a socket we closed may still report its last errors; they close nothing more
    }
    if (!peerGone) {
      LOG.log(WARNING, "session {0}: transport failure: {1}", clientId(), String.valueOf(cause));
    }
    close(peerGone ? CloseReason.CONNECTION_LOST : CloseReason.TRANSPORT_ERROR);
  }

  // ---- state changes used by the command handlers ----------------------------------------------------------------

  void beginConnect() {
    state = SessionState.CONNECTING;
  }

  /** A connect failed with a reply error; the client may try again under the same deadline. */
  void connectRefused() {
    if (state == SessionState.CONNECTING) {
      state = SessionState.PRECONNECT;
      kicksWhileConnecting = null; // they targeted the attempt that failed; a new attempt is a new connection
    }
  }

  /**
   * Whether a server API disconnect closes this session now. A connected session, or one whose upgrade request
   * named its user, is matched at once. While the connect token is still being checked the user is not known yet, so
   * the command is kept and matched against the checked identity by {@link #kickedOnConnect}; an unbounded number
   * cannot be kept, and past the bound the session is closed rather than let a targeted one slip through.
   */
  boolean targetedBy(UserDisconnect command) {
    return switch (state) {
      case ACTIVE, PRECONNECT -> identity != null && command.user().equals(identity.user()) // the id is formatted
          && command.targets(identity.user(), clientId());                                   // for that user only
      case CONNECTING -> {
        if (kicksWhileConnecting == null) {
          kicksWhileConnecting = new KicksWhileConnecting();
        }
        yield !kicksWhileConnecting.keep(command);
      }
      case CLOSED -> false;
    };
  }

  /** The close asked for by a disconnect kept while connecting that targets {@code verified}, or null. */
  CloseReason kickedOnConnect(Identity verified) {
    KicksWhileConnecting kicks = kicksWhileConnecting;
    kicksWhileConnecting = null;
    return kicks == null ? null : kicks.match(verified, clientId());
  }

  /** The connect succeeded: arm the heartbeat and, when the token expires, the expiry deadline. */
  void activate(Identity verified) {
    identity = verified;
    state = SessionState.ACTIVE;
    long now = shard.clock().millis();
    deadlines.connected(shard.heartbeat().firstPingAt(now, shard.random()), closeAfterExpiry(verified));
    shard.sessionConnected(this);
  }

  /** A refreshed token: same user, new expiry. */
  void refreshed(Identity verified) {
    identity = verified;
    deadlines.expiry(closeAfterExpiry(verified));
  }

  /** Moves the expiry deadline (0: none); for a server-side refresh in flight or retried. */
  void expiryAt(long epochMs) {
    deadlines.expiry(epochMs);
  }

  /**
   * When an unrefreshed connection is closed: the token's expiry plus the grace the SDK has to refresh; 0: never.
   * A connection the connect proxy admitted is refreshed by the hub itself, so its deadline is the expiry itself.
   */
  private long closeAfterExpiry(Identity verified) {
    return proxyAuthenticated() ? verified.expiresAtMs()
        : verified.expires() ? verified.expiresAtMs() + shard.config().client().expiredCloseDelay().toMillis() : 0;
  }

  /**
   * One pong answers one ping. A pong with no ping waiting (before connect, twice for one ping, or never asked for) is
   * a protocol error, as in Centrifuge: accepting them would let a client send an unbounded stream of commands that
   * cost the node work and answer nothing (issue 10, item 6).
   */
  void pongReceived() {
    if (!deadlines.pongReceived()) {
      close(CloseReason.BAD_REQUEST);
    }
  }

  /** Sets the term of a subscription, or clears it ({@code term} null: it no longer expires, or it ended). */
  void subscriptionTerm(String channel, SubscriptionExpiries.Term term) {
    if ((term != null || details != null) && details().term(channel, term)) {
      deadlines.subscriptions(details.earliestTerm());
    }
  }

  /** Marks {@code channel} as a server-side subscription (or no longer one). */
  void serverSide(String channel, boolean on) {
    if (on || details != null) {
      details().serverSide(channel, on);
    }
  }

  boolean isServerSide(String channel) {
    return details != null && details.isServerSide(channel);
  }

  /** The term of a subscription, or null when it does not expire. */
  SubscriptionExpiries.Term subscriptionTerm(String channel) {
    return details == null ? null : details.term(channel);
  }

  // ---- outbound ------------------------------------------------------------------------------------------------

  /** Sends the replies collected so far as one frame. */
  void flush(ReplyBatch replies) {
    if (!replies.isEmpty() && state != SessionState.CLOSED) {
      send(replies.takeFrame());
    }
  }

  /** Writes a reply or ping frame; counted here. */
  boolean send(byte[] frame) {
    if (state == SessionState.CLOSED || !enqueue(frame)) {
      return false;
    }
    shard.metrics().messagesOut(1);
    return true;
  }

  /** Fan-out path: only connected sessions get publications, and the caller counts them in bulk. */
  boolean deliver(byte[] pushFrame) {
    return state == SessionState.ACTIVE && enqueue(pushFrame);
  }

  /**
   * Writes a frame unless that would push the unsent bytes past the slow-consumer limit. A frame is always taken
   * when nothing is queued: one publication may be larger than the limit (an API body of {@code http.maxBodyBytes}
   * plus the push wrapper is, with the defaults), and a client that has read everything is not slow. The queue is
   * therefore bounded by {@code maxQueuedBytes} plus one frame.
   */
  private boolean enqueue(byte[] frame) {
    if (doomed) {
      return false;
    }
    int queued = transport.queuedBytes();
    if (queued > 0 && queued + frame.length > shard.config().client().maxQueuedBytes()) {
      // Never buffer without bound. The close is deferred because this may run inside a fan-out loop over the
      // channel's subscriber set, which the close routine modifies.
      doomed = true;
      shard.closeSoon(this, CloseReason.SLOW);
      return false;
    }
    transport.write(frame);
    return true;
  }

  // ---- deadlines -----------------------------------------------------------------------------------------------

  /** Earliest of this session's deadlines (epoch millis); the shard's sweep calls {@link #onDeadline} after it. */
  long nextDeadline() {
    return deadlines.earliest();
  }

  /** Called by the shard's sweep once {@link #nextDeadline()} has passed. */
  void onDeadline(long now) {
    if (state == SessionState.CLOSED) {
      return;
    }
    switch (deadlines.due(now)) {
      case STALE -> close(CloseReason.STALE);
      case EXPIRED -> {
        if (shard.proxyRefresh().refreshes(this)) {
          deadlines.expiry(0); // the call is bounded by its timeout and sets the next deadline itself
          shard.proxyRefresh().refresh(this);
        } else {
          close(CloseReason.EXPIRED);
        }
      }
      case SUBSCRIPTION_EXPIRED -> {
        var due = details.takeDue(now);
        deadlines.subscriptions(details.earliestTerm());
        shard.subscriptionExpiry().expired(this, due);
      }
      case NO_PONG -> close(CloseReason.NO_PONG);
      case PING -> {
        // Pings go out whatever other traffic there is: only a pong proves the client still reads.
        boolean sent = send(format.pingFrame());
        deadlines.pinged(sent, shard.heartbeat().pongDeadline(now), shard.heartbeat().nextPingAfter(now));
      }
      case NOTHING -> {
      }
    }
  }

  // ---- the close routine ---------------------------------------------------------------------------------------

  /**
   * Releases everything this session holds and tells the client why. Idempotent: a second call only counts.
   * Order matters: local, synchronous release first (state, shard list, deadline, channel index, connection
   * counters), so that nothing can reach a half-closed session; then the close frame, which may be slow or fail;
   * then metrics.
   */
  public void close(CloseReason reason) {
    if (state == SessionState.CLOSED) {
      shard.metrics().closeRepeated();
      return;
    }
    boolean wasConnected = state == SessionState.ACTIVE;
    state = SessionState.CLOSED;
    // Each step runs whatever the one before it did: a step that throws is counted and logged, never propagated,
    // so the session is always released, its socket closed and its close counted.
    IsolatedSteps steps = shard.steps();
    steps.run(IsolatedSteps.CLOSE_DEADLINES, deadlines::clear);
    if (details != null) {
      details.dropTerms();
    }
    steps.run(IsolatedSteps.CLOSE_LOCAL, inbound::clear);
    // Their node slots come back now; answers arriving later are dropped and counted.
    steps.run(IsolatedSteps.CLOSE_LOCAL, () -> { if (proxies != null) proxies.abandonAll(); });
    String[] subscribed = channels.drain();
    steps.run(IsolatedSteps.CLOSE_LOCAL, () -> shard.release(this, subscribed, wasConnected));
    // A socket that fails while being closed is closed all the same.
    steps.run(IsolatedSteps.CLOSE_SOCKET, () -> {
      if (reason.peerGone()) {
        transport.abort();
      } else {
        transport.close(reason.code(), reason.reason());
      }
    });
    steps.run(IsolatedSteps.CLOSE_REMOTE, () -> shard.releaseRemote(this, subscribed));
    if (details != null) {
      details.dropTraits(); // after the remote release: the leave pushes carry chan_info and follow the overrides
    }
    shard.metrics().sessionClosed(reason.tag(), transport.name());
    // Closes the client or the operator asked for are lifecycle (DEBUG); the others say something went wrong.
    System.Logger.Level level = reason.expected() ? DEBUG : INFO;
    if (LOG.isLoggable(level)) {
      long skipped = level == INFO ? CLOSE_LINES.take(shard.clock().millis()) : 0;
      if (skipped >= 0) {
        LOG.log(level, "session closed", LogFields.of("client", clientId(), "user", identity == null ? null : identity.user(),
            "code", reason.code(), "transport", transport.name(), "reason", reason.tag(),
            "skipped", skipped > 0 ? skipped : null));
      }
    }
  }
}
