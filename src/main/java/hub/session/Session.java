package hub.session;

import hub.auth.Identity;
import hub.protocol.ClientInfo;
import hub.protocol.Command;
import hub.protocol.Method;
import hub.protocol.ProtocolCodec;
import hub.protocol.ProtocolException;
import hub.protocol.ReplyError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One client connection after its upgrade: the protocol state machine and THE close routine. Everything the session
 * acquires (its place in the shard, its deadlines, its channel subscriptions, its connection slot) is released by
 * {@link #close(CloseReason)}, and every exit leads there. Confined to its shard's event loop: no locks.
 */
public final class Session implements TransportEvents {

  private static final System.Logger LOG = System.getLogger(Session.class.getName());
  /** Frames a client may send while one of its commands waits; the socket is paused, so more means abuse. */
  static final int MAX_PARKED_FRAMES = 32;

  // Intrusive links of the shard's session list: O(1) unlink, no per-session collection entry.
  Session prev;
  Session next;
  /** Earliest of this session's deadlines (epoch millis); the shard's sweep calls {@link #onDeadline} after it. */
  long nextDeadline;

  private final SessionShard shard;
  private final Transport transport;
  private final String clientId;
  private SessionState state = SessionState.PRECONNECT;
  /** From the upgrade request's credential until connect; then the connected identity. */
  private Identity identity;
  private final ChannelSet channels = new ChannelSet();

  private long connectDeadline;
  private long nextPingAt;
  private long pongDeadline;
  private long expireAt;

  private long rateWindow;
  private int rateCount;

  /** Commands of the current frame that wait behind an asynchronous one (a connect being verified). */
  private Iterator<Command> waiting;
  /** Frames that arrived while commands were waiting (the transport is paused, so at most a few). */
  private ArrayDeque<String> inbox;
  private boolean doomed;

  Session(SessionShard shard, Transport transport, String clientId, Identity preIdentity, long connectDeadline) {
    this.shard = shard;
    this.transport = transport;
    this.clientId = clientId;
    this.identity = preIdentity;
    this.connectDeadline = connectDeadline;
    this.nextDeadline = connectDeadline;
  }

  public String clientId() {
    return clientId;
  }

  public SessionState state() {
    return state;
  }

  /** The connected user, or null before connect. */
  public String user() {
    return state == SessionState.ACTIVE ? identity.user() : null;
  }

  ClientInfo clientInfo() {
    return new ClientInfo(identity.user(), clientId, identity.info());
  }

  Identity identity() {
    return identity;
  }

  SessionShard shard() {
    return shard;
  }

  ChannelSet channels() {
    return channels;
  }

  // ---- inbound -------------------------------------------------------------------------------------------------

  @Override
  public void onMessage(String text) {
    if (state == SessionState.CLOSED) {
      return;
    }
    if (waiting != null) {
      if (inbox == null) {
        inbox = new ArrayDeque<>(2);
      }
      if (inbox.size() >= MAX_PARKED_FRAMES) {
        close(CloseReason.TOO_MANY_REQUESTS);
        return;
      }
      inbox.add(text);
      return;
    }
    List<Command> commands;
    try {
      commands = ProtocolCodec.decodeFrame(text);
    } catch (ProtocolException e) {
      if (LOG.isLoggable(DEBUG)) {
        LOG.log(DEBUG, "session {0}: {1}", clientId, e.getMessage());
      }
      close(CloseReason.BAD_REQUEST);
      return;
    }
    shard.metrics().messagesIn(commands.size());
    try {
      run(commands.iterator());
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** A bug of ours met this session: close it with 3004 rather than leave it half-processed. */
  void failed(RuntimeException e) {
    LOG.log(WARNING, "session " + clientId + ": internal error", e);
    close(CloseReason.INTERNAL);
  }

  /** Runs commands strictly in order; an unfinished asynchronous command parks the rest until it completes. */
  private void run(Iterator<Command> commands) {
    ReplyBatch replies = new ReplyBatch(shard.metrics());
    while (commands.hasNext() && state != SessionState.CLOSED) {
      Command command = commands.next();
      if (!withinRate(command, replies)) {
        continue;
      }
      Future<Boolean> pending = shard.dispatcher().dispatch(this, command, replies);
      if (pending == null) {
        continue;
      }
      if (!pending.isComplete()) {
        flush(replies);
        park(commands, pending, replies);
        return;
      }
      if (!pending.result()) {
        break; // a failed connect discards the rest of its frame, as the SDK expects
      }
    }
    flush(replies);
  }

  /**
   * Holds the rest of a frame until {@code pending} completes. The handler writes its reply into {@code replies}
   * when it completes, so that batch is flushed first.
   */
  private void park(Iterator<Command> rest, Future<Boolean> pending, ReplyBatch replies) {
    waiting = rest;
    transport.pause();
    // Asynchronous work may complete on another thread (a Hazelcast or worker thread); continue on our own loop.
    pending.onComplete(ar -> shard.onLoop(() -> resume(ar, replies)));
  }

  private void resume(AsyncResult<Boolean> ar, ReplyBatch replies) {
    Iterator<Command> resumed = waiting;
    waiting = null;
    if (state == SessionState.CLOSED) {
      return;
    }
    transport.resume();
    if (ar.failed()) {
      LOG.log(WARNING, "session {0}: command failed: {1}", clientId, String.valueOf(ar.cause()));
      close(CloseReason.INTERNAL);
      return;
    }
    try {
      flush(replies);
      if (ar.result()) {
        run(resumed);
      }
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    while (inbox != null && !inbox.isEmpty() && waiting == null && state != SessionState.CLOSED) {
      onMessage(inbox.poll());
    }
  }

  /**
   * Per-connection command rate: above the limit a command gets error 111 and is not run; at twice the limit the
   * client is not backing off at all and is disconnected.
   */
  private boolean withinRate(Command command, ReplyBatch replies) {
    if (command.method() == Method.PONG) {
      return true;
    }
    long window = shard.clock().millis() / 1000;
    if (window != rateWindow) {
      rateWindow = window;
      rateCount = 0;
    }
    int limit = shard.config().client().maxCommandsPerSecond();
    if (++rateCount <= limit) {
      return true;
    }
    if (rateCount > 2 * limit) {
      close(CloseReason.TOO_MANY_REQUESTS);
    } else if (!command.method().isOneWay()) {
      replies.error(command.id(), ReplyError.TOO_MANY_REQUESTS);
    }
    return false;
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
    close(closeFrameReceived ? CloseReason.CLIENT_CLOSED : CloseReason.CONNECTION_LOST);
  }

  @Override
  public void onFailure(Throwable cause, boolean peerGone) {
    if (state != SessionState.CLOSED && !peerGone) {
      LOG.log(WARNING, "session {0}: transport failure: {1}", clientId, String.valueOf(cause));
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
    }
  }

  /** The connect succeeded: arm the heartbeat and, when the token expires, the expiry deadline. */
  void activate(Identity verified) {
    identity = verified;
    state = SessionState.ACTIVE;
    connectDeadline = 0;
    long now = shard.clock().millis();
    nextPingAt = shard.heartbeat().firstPingAt(now, shard.random());
    updateExpiry(verified);
    shard.sessionConnected(this);
    recomputeDeadline();
  }

  /** A refreshed token: same user, new expiry. */
  void refreshed(Identity verified) {
    identity = verified;
    updateExpiry(verified);
    recomputeDeadline();
  }

  private void updateExpiry(Identity verified) {
    expireAt = verified.expires() ? verified.expiresAtMs() + shard.config().client().expiredCloseDelay().toMillis() : 0;
  }

  void pongReceived() {
    pongDeadline = 0;
    recomputeDeadline();
  }

  // ---- outbound ------------------------------------------------------------------------------------------------

  private void flush(ReplyBatch replies) {
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

  /** Called by the shard's sweep once {@link #nextDeadline} has passed. */
  void onDeadline(long now) {
    if (state == SessionState.CLOSED) {
      return;
    }
    if (state != SessionState.ACTIVE) {
      if (now >= connectDeadline) {
        close(CloseReason.STALE);
      }
      return;
    }
    if (expireAt > 0 && now >= expireAt) {
      close(CloseReason.EXPIRED);
      return;
    }
    if (pongDeadline > 0 && now >= pongDeadline) {
      close(CloseReason.NO_PONG);
      return;
    }
    if (now >= nextPingAt) {
      // Pings go out whatever other traffic there is: only a pong proves the client still reads.
      if (send(ProtocolCodec.PING_FRAME) && pongDeadline == 0) {
        pongDeadline = shard.heartbeat().pongDeadline(now);
      }
      nextPingAt = shard.heartbeat().nextPingAfter(now);
    }
    recomputeDeadline();
  }

  private void recomputeDeadline() {
    if (state != SessionState.ACTIVE) {
      nextDeadline = connectDeadline;
      return;
    }
    long d = nextPingAt;
    if (pongDeadline > 0) {
      d = Math.min(d, pongDeadline);
    }
    if (expireAt > 0) {
      d = Math.min(d, expireAt);
    }
    nextDeadline = d;
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
    nextDeadline = Long.MAX_VALUE;
    waiting = null;
    inbox = null;
    String[] subscribed = channels.drain();
    shard.release(this, subscribed, wasConnected);
    if (reason.peerGone()) {
      transport.abort();
    } else {
      transport.close(reason.code(), reason.reason());
    }
    shard.releaseRemote(this, subscribed);
    shard.metrics().sessionClosed(reason.tag());
    if (LOG.isLoggable(DEBUG)) {
      LOG.log(DEBUG, "session {0} closed: {1} {2}", clientId, reason.code(), reason.tag());
    }
  }
}
