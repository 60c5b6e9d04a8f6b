'use strict';

const net = require('node:net');

// A client that reconnects "through another node" needs one address in front of several
// hubs, as a load balancer gives it in production. This is the smallest such front: a
// TCP forwarder on 127.0.0.1 with one current target. It knows nothing of HTTP or
// WebSocket framing, so what the SDK sees when a node dies is what a TCP balancer shows
// it: the connection ends (and a new one is refused until the front points elsewhere).

const MAX_KEPT_EVENTS = 500;

/**
 * Forwards every accepted connection to the current target port on 127.0.0.1. Each pair
 * of sockets lives and dies together: when either side ends or fails, both are destroyed,
 * so a target killed with SIGKILL drops its clients at once. `setTarget` changes where new
 * connections go (existing ones stay on the node they reached, as with a balancer);
 * `dropAll` cuts every connection without a WebSocket close frame, as a network would.
 */
class TcpForwarder {
  constructor(name = 'front') {
    this.name = name;
    this.targetPort = null;
    this.pairs = new Set();
    this.events = [];
    this.startedAt = Date.now();
    this.accepted = 0;
    this.refused = 0;
    this.server = net.createServer((client) => this.forward(client));
  }

  /** Listens on a free loopback port; resolves with the forwarder. */
  static async start(targetPort, name) {
    const forwarder = new TcpForwarder(name);
    forwarder.targetPort = targetPort;
    await new Promise((resolve, reject) => {
      forwarder.server.once('error', reject);
      forwarder.server.listen(0, '127.0.0.1', () => resolve());
    });
    forwarder.port = forwarder.server.address().port;
    forwarder.wsUrl = `ws://127.0.0.1:${forwarder.port}/connection/websocket`;
    forwarder.note(`listening, target ${targetPort}`);
    return forwarder;
  }

  note(text) {
    this.events.push({ at: Date.now(), text });
    if (this.events.length > MAX_KEPT_EVENTS) {
      this.events.shift();
    }
  }

  /** New connections go to `port` from now on; `null` refuses them (closed at once), as with no backend. */
  setTarget(port) {
    this.note(`target ${this.targetPort} -> ${port}`);
    this.targetPort = port;
  }

  /** Connections currently forwarded, counted by target port. */
  openByTarget() {
    const counts = {};
    for (const pair of this.pairs) {
      counts[pair.port] = (counts[pair.port] || 0) + 1;
    }
    return counts;
  }

  forward(client) {
    const port = this.targetPort;
    if (port === null) {
      this.refused += 1;
      this.note('refused connection: no target');
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port });
    const pair = { client, upstream, port, connected: false };
    this.pairs.add(pair);
    // No buffering of our own: pipe() applies backpressure both ways, so a slow SDK slows
    // the hub's writes exactly as a direct connection would.
    client.pipe(upstream);
    upstream.pipe(client);
    upstream.once('connect', () => {
      pair.connected = true;
      this.accepted += 1;
    });
    let closed = false;
    const closeBoth = (why) => {
      if (closed) {
        return;
      }
      closed = true;
      this.pairs.delete(pair);
      if (!pair.connected) {
        this.refused += 1;
      }
      this.note(`${pair.connected ? 'closed' : 'refused'} connection to ${port}: ${why}`);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', (err) => closeBoth(`client ${err.code || err.message}`));
    upstream.on('error', (err) => closeBoth(`target ${err.code || err.message}`));
    client.on('close', () => closeBoth('client closed'));
    upstream.on('close', () => closeBoth('target closed'));
  }

  /** Cuts every open connection at once (TCP only, no WebSocket close frame). */
  dropAll(why = 'dropped by the test') {
    const pairs = [...this.pairs];
    this.note(`dropping ${pairs.length} connection(s): ${why}`);
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return pairs.length;
  }

  async close() {
    this.dropAll('forwarder closing');
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  format() {
    const lines = this.events.map((e) => `  +${e.at - this.startedAt}ms ${e.text}`);
    return `--- forwarder ${this.name} (port ${this.port}) ---\n${lines.join('\n')}`;
  }
}

module.exports = { TcpForwarder };
