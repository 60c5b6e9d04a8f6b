package hub.support;

import hub.session.Transport;
import hub.session.TransportEvents;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A socket that records what the session does with it (frames written, close code, abort, pause) and lets a test
 * play the peer through {@link #events()}. Its queued-byte count is set by the test, to play a client that stopped
 * reading. Used only on the shard's event loop, like a real transport; tests read it after a round trip to that loop.
 */
public final class FakeTransport implements Transport {

  private TransportEvents events;
  private final List<String> written = new ArrayList<>();
  private final List<byte[]> frames = new ArrayList<>();
  private int queuedBytes;
  private int closeCode = -1;
  private String closeReason;
  private int closeCalls;
  private int abortCalls;
  private boolean paused;
  private boolean failOnClose;

  @Override
  public void bind(TransportEvents events) {
    if (this.events != null) {
      throw new AssertionError("bound twice");
    }
    this.events = events;
  }

  @Override
  public void write(byte[] frame) {
    frames.add(frame);
    written.add(new String(frame, StandardCharsets.UTF_8));
  }

  @Override
  public int queuedBytes() {
    return queuedBytes;
  }

  @Override
  public void close(int code, String reason) {
    closeCalls++;
    if (failOnClose) {
      throw new IllegalStateException("socket broke while closing");
    }
    closeCode = code;
    closeReason = reason;
    echoClosed(true);
  }

  /**
   * Like the real socket, reports the close the session made on a later turn of the loop (the peer answered the
   * close frame, or the dropped connection ended); a fake that stays silent hid a counter that counted every
   * server-initiated close as a repeated one.
   */
  private void echoClosed(boolean closeFrameReceived) {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    if (context != null && events != null) {
      context.runOnContext(v -> events.onClosed(closeFrameReceived));
    }
  }

  @Override
  public void abort() {
    abortCalls++;
    if (failOnClose) {
      throw new IllegalStateException("socket broke while closing");
    }
    echoClosed(false);
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  // ---- for tests --------------------------------------------------------------------------------------------

  public TransportEvents events() {
    return events;
  }

  /** Makes {@link #close} and {@link #abort} throw, as a socket that breaks while it is being closed. */
  public void failOnClose() {
    this.failOnClose = true;
  }

  public void queuedBytes(int bytes) {
    this.queuedBytes = bytes;
  }

  /** Every frame written so far, as text. */
  public List<String> written() {
    return written;
  }

  /** The arrays handed to {@link #write}, as given (to check that one encoding is shared). */
  public List<byte[]> frames() {
    return frames;
  }

  /** Every JSON object written so far, frames split on newlines as the SDK does. */
  public List<JsonObject> objects() {
    List<JsonObject> out = new ArrayList<>();
    for (String frame : written) {
      for (String line : frame.split("\n")) {
        out.add(new JsonObject(line));
      }
    }
    return out;
  }

  public int closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  public int closeCalls() {
    return closeCalls;
  }

  public int abortCalls() {
    return abortCalls;
  }

  public boolean paused() {
    return paused;
  }
}
