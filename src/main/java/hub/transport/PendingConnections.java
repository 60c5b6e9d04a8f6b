package hub.transport;

import hub.auth.AddressLimiter;
import hub.metrics.HubMetrics;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP connections of one gateway that are not a WebSocket, each with the one deadline its phase allows: the
 * head of its first request ({@code header}), the rest of a request's body ({@code body}), or the next request's
 * head once a response is done on a kept-alive connection ({@code idle}). Vert.x has no header or body timeout, and
 * its idle timeout resets on every byte, so a client trickling one header byte a second would never meet it; these
 * deadlines run from the phase's start whatever the client sends. A connection past its deadline is cut and counted
 * in {@code hub.http.cut{reason}} (issue 10 item 18).
 *
 * <p>While a connection waits on its client (head, body, kept alive) it holds a place of its address in the node's
 * {@link AddressLimiter}; a new connection from an address that holds its maximum, or arriving while the node holds
 * {@code http.maxPending} such connections over all gateways, is closed on accept (item 5).
 *
 * <p>A connection leaves when it upgrades (the session's heartbeat owns it from then on) or closes. While the hub
 * answers a request it has no deadline here: a response that streams (SSE, HTTP streaming) is a session with its own
 * heartbeat, and the API bounds its own calls. Confined to the gateway's event loop; the sweep polls each entry's
 * request and response, because a handler set on them here would displace the router's own.
 */
final class PendingConnections {

  private enum Phase { HEAD, BODY, ANSWERING, UPGRADING }

  private static final class Entry {
    final HttpConnection connection;
    Phase phase = Phase.HEAD;
    long deadline;
    HttpServerRequest request;
    boolean served;
    /** Whether it holds a place of its address (in HEAD and BODY: waiting on the client). */
    boolean holding = true;
    final String address;

    Entry(HttpConnection connection, String address, long deadline) {
      this.connection = connection;
      this.address = address;
      this.deadline = deadline;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();
  private final long headerMs;
  private final long bodyMs;
  private final long idleMs;
  private final HubMetrics metrics;
  private final AddressLimiter addresses;

  PendingConnections(long headerMs, long bodyMs, long idleMs, AddressLimiter addresses, HubMetrics metrics) {
    this.addresses = addresses;
    this.headerMs = headerMs;
    this.bodyMs = bodyMs;
    this.idleMs = idleMs;
    this.metrics = metrics;
  }

  /**
   * A TCP connection was accepted; its first request head is due within the header timeout. One from an address
   * that holds its maximum of waiting connections, or past the node's, is closed at once.
   */
  void opened(HttpConnection connection, long now) {
    SocketAddress remote = connection.remoteAddress();
    String address = remote.hostAddress();
    AddressLimiter.Admit admit = addresses.admit(address);
    if (admit != AddressLimiter.Admit.TAKEN) {
      metrics.httpCut(admit == AddressLimiter.Admit.NODE_FULL ? "pending_cap" : "address");
      connection.close();
      return;
    }
    String key = key(remote);
    Entry entry = new Entry(connection, address, now + headerMs);
    entries.put(key, entry);
    connection.closeHandler(v -> {
      if (entries.remove(key, entry)) {
        letGo(entry);
      }
    });
  }

  /** A request head is complete; the body (if any) is due within the body timeout. */
  void requestStarted(HttpServerRequest request, long now) {
    Entry e = entries.get(key(request.remoteAddress()));
    if (e != null) {
      e.phase = Phase.BODY;
      e.request = request;
      e.deadline = now + bodyMs;
    }
  }

  /** An upgrade request head is complete; the gate decides, then {@link #upgraded} or {@link #answered}. */
  void upgrading(SocketAddress remote) {
    Entry e = entries.get(key(remote));
    if (e != null) {
      e.phase = Phase.UPGRADING;
      letGo(e);
    }
  }

  /** The connection is a WebSocket now, bounded by its session's deadlines. */
  void upgraded(SocketAddress remote) {
    Entry e = entries.remove(key(remote));
    if (e != null) {
      letGo(e);
    }
  }

  /** An upgrade was refused with a status; a kept-alive connection may send its next request head until idle. */
  void answered(SocketAddress remote, long now) {
    Entry e = entries.get(key(remote));
    if (e != null) {
      awaitNext(e, now);
    }
  }

  /** Moves entries whose request or response has finished on, and cuts those past their deadline. */
  void sweep(long now) {
    List<Entry> due = null;
    for (Entry e : entries.values()) {
      if (e.phase == Phase.BODY && e.request.isEnded()) {
        e.phase = Phase.ANSWERING;
        letGo(e);
      }
      if (e.phase == Phase.ANSWERING) {
        HttpServerResponse response = e.request.response();
        if (response.ended() || response.closed()) {
          awaitNext(e, now);
        }
        continue;
      }
      if (e.phase != Phase.UPGRADING && now >= e.deadline) {
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(e);
      }
    }
    if (due != null) {
      due.forEach(this::cut);
    }
  }

  /** Connections of this gateway that are not WebSockets (waiting for a client, or being answered). */
  int size() {
    return entries.size();
  }

  private void awaitNext(Entry e, long now) {
    if (!e.holding) {
      addresses.acquire(e.address);
      e.holding = true;
    }
    e.phase = Phase.HEAD;
    e.request = null;
    e.served = true;
    e.deadline = now + idleMs;
  }

  /** Gives the entry's place back, once. */
  private void letGo(Entry e) {
    if (e.holding) {
      e.holding = false;
      addresses.release(e.address);
    }
  }

  private void cut(Entry e) {
    entries.remove(key(e.connection.remoteAddress()));
    letGo(e);
    String reason;
    if (e.phase == Phase.BODY) {
      reason = "body";
      HttpServerResponse response = e.request.response();
      if (!response.headWritten()) {
        // The client is still sending, so it may still read: tell it why before the connection goes.
        response.setStatusCode(408).putHeader("Connection", "close").end();
      }
    } else {
      reason = e.served ? "idle" : "header";
    }
    metrics.httpCut(reason);
    e.connection.close();
  }

  /** Unique per TCP connection of this server: its remote address and port. */
  private static String key(SocketAddress remote) {
    return remote.hostAddress() + ':' + remote.port();
  }
}
