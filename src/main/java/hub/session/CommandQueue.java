package hub.session;

import hub.log.LogBudget;
import hub.protocol.Command;
import hub.protocol.Method;
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
 * A session's inbound side: decodes each frame and runs its commands strictly in order under the connection's
 * command rate. A command that completes later (a connect whose token is being checked) parks the rest of its frame,
 * and every frame that arrives meanwhile, until it completes; the socket is paused for that time, so only a client
 * that ignores the protocol fills the parking. Confined to its session's event loop.
 */
final class CommandQueue extends CommandRate {

  private static final System.Logger LOG = System.getLogger(CommandQueue.class.getName());
  /** Frames a client may send while one of its commands waits; the socket is paused, so more means abuse. */
  static final int MAX_PARKED_FRAMES = 32;
  /** Node-wide: undecodable input is the client's fault and its own close says so; the detail is for debugging. */
  static final LogBudget BAD_INPUT_LINES = new LogBudget();

  private final Session session;
  private final Transport transport;
  /** Commands of the current frame that wait behind an asynchronous one. */
  private Iterator<Command> waiting;
  /** Frames that arrived while commands were waiting: text frames as String, binary frames as byte[]. */
  private ArrayDeque<Object> held;

  CommandQueue(Session session, Transport transport, SessionShard shard) {
    super(shard.config().client().maxCommandsPerSecond());
    this.session = session;
    this.transport = transport;
  }

  /** One inbound frame of the open session: a String for a text frame, a byte[] for a binary one. */
  void onFrame(Object frame) {
    if (waiting != null) {
      hold(frame);
      return;
    }
    List<Command> commands;
    try {
      commands = frame instanceof String text ? session.format().decode(text)
          : session.format().decode((byte[]) frame);
    } catch (ProtocolException e) {
      if (LOG.isLoggable(DEBUG)) {
        long skipped = BAD_INPUT_LINES.take(shard().clock().millis());
        if (skipped >= 0) {
          LOG.log(DEBUG, "session {0}: {1}{2}", session.clientId(), e.getMessage(), LogBudget.skippedNote(skipped));
        }
      }
      session.close(CloseReason.BAD_REQUEST);
      return;
    }
    shard().metrics().messagesIn(commands.size());
    try {
      run(commands.iterator());
    } catch (RuntimeException e) {
      session.failed(e);
    }
  }

  /** The session's shard, asked for rather than kept: one field less in every session's queue (issue 13). */
  private SessionShard shard() {
    return session.shard();
  }

  /** Forgets whatever is parked; the session closed. */
  void clear() {
    waiting = null;
    held = null;
  }

  private void hold(Object frame) {
    if (held == null) {
      held = new ArrayDeque<>(2);
    }
    if (held.size() >= MAX_PARKED_FRAMES) {
      session.close(CloseReason.TOO_MANY_REQUESTS);
      return;
    }
    held.add(frame);
  }

  /** Runs commands strictly in order; an unfinished asynchronous command parks the rest until it completes. */
  private void run(Iterator<Command> commands) {
    ReplyBatch replies = new ReplyBatch(shard().metrics(), session.format());
    while (commands.hasNext() && !session.isClosed()) {
      Command command = commands.next();
      if (!withinRate(command, replies)) {
        continue;
      }
      Future<Boolean> pending = shard().dispatcher().dispatch(session, command, replies);
      if (pending == null) {
        continue;
      }
      if (!pending.isComplete()) {
        session.flush(replies);
        park(commands, pending, replies);
        return;
      }
      if (!pending.result()) {
        break; // a failed connect discards the rest of its frame, as the SDK expects
      }
    }
    session.flush(replies);
  }

  /**
   * Holds the rest of a frame until {@code pending} completes. The handler writes its reply into {@code replies}
   * when it completes, so that batch is flushed first.
   */
  private void park(Iterator<Command> rest, Future<Boolean> pending, ReplyBatch replies) {
    waiting = rest;
    transport.pause();
    // Asynchronous work may complete on another thread (a Hazelcast or worker thread); continue on our own loop.
    pending.onComplete(ar -> shard().onLoop(() -> resume(ar, replies)));
  }

  private void resume(AsyncResult<Boolean> ar, ReplyBatch replies) {
    Iterator<Command> resumed = waiting;
    waiting = null;
    if (session.isClosed()) {
      return;
    }
    transport.resume();
    if (ar.failed()) {
      long skipped = Session.INTERNAL_ERROR_LINES.take(shard().clock().millis());
      if (skipped >= 0) {
        LOG.log(WARNING, "session {0}: command failed: {1}{2}", session.clientId(), String.valueOf(ar.cause()),
            LogBudget.skippedNote(skipped));
      }
      session.close(CloseReason.INTERNAL);
      return;
    }
    try {
      session.flush(replies);
      if (ar.result()) {
        run(resumed);
      }
    } catch (RuntimeException e) {
      session.failed(e);
      return;
    }
    while (held != null && !held.isEmpty() && waiting == null && !session.isClosed()) {
      onFrame(held.poll());
    }
  }

  /**
   * Applies the per-connection command rate (see {@link CommandRate}) to every command, pongs included, from the first
   * frame on: an uncounted command is one a client can flood with (issue 10, item 6). A pong above the limit still
   * answers its ping, because it has no reply to carry error 111 and dropping it would turn rate pressure into a
   * misleading 3012 later; a flood of pongs still reaches twice the limit and closes.
   */
  private boolean withinRate(Command command, ReplyBatch replies) {
    switch (check(shard().clock().millis())) {
      case RUN -> {
        return true;
      }
      case CLOSE -> session.close(CloseReason.TOO_MANY_REQUESTS);
      case REFUSE -> {
        if (command.method() == Method.PONG) {
          return true;
        }
        if (!command.method().isOneWay()) {
          replies.error(command.id(), ReplyError.TOO_MANY_REQUESTS);
        }
      }
    }
    return false;
  }
}
