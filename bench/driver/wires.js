'use strict';
// What differs between targets on the wire, for the Node driver: the upgrade path, the handshake that ends in
// "subscribed", heartbeats and where a publication's timestamp sits. The same rules as the Java adapters
// (bench.client.HubWire, SocketIoWire, PlainWire), so both drivers measure the same exchange.

/** The number after the first "ts": in a frame, without parsing the JSON; -1 when there is none. */
function extractTs(text) {
  const at = text.indexOf('"ts":');
  if (at < 0) return -1;
  let value = 0;
  let digits = 0;
  for (let i = at + 5; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  return digits === 0 ? -1 : value;
}

// Centrifuge protocol v2 JSON: connect with a JWT, subscribe, answer every ping {} with {}. A frame may hold several
// newline-separated replies (the hub coalesces pushes), so every frame is split on \n.
const hub = {
  path: '/connection/websocket',
  start(s) { s.send('{"connect":{"token":"' + s.token() + '"},"id":1}'); },
  onText(s, text) {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const line = nl < 0 ? text.slice(from) : text.slice(from, nl);
      if (line.length > 0) hub.onLine(s, line);
      if (nl < 0) return;
      from = nl + 1;
    }
  },
  onLine(s, line) {
    if (line.startsWith('{"push"') || line.includes('"push":')) {
      const ts = extractTs(line);
      if (ts > 0) s.publication(ts);
    } else if (line === '{}') {
      s.send('{}');
    } else if (line.includes('"error"')) {
      s.failed('hub error reply: ' + line);
    } else if (line.includes('"id":1') && line.includes('"connect"')) {
      s.send('{"subscribe":{"channel":"' + s.channel + '"},"id":2}');
    } else if (line.includes('"id":2') && line.includes('"subscribe"')) {
      s.subscribed();
    }
  },
};

// Socket.IO 4 over its WebSocket transport, Engine.IO v4 framing spoken directly: 0{..} open, 40 namespace connect,
// an acknowledged 420["subscribe",ch] answered 430[..]; pings 2 answered 3; events 42["pub",{..}].
const socketio = {
  path: '/socket.io/?EIO=4&transport=websocket',
  start() {},
  onText(s, text) {
    if (text.length === 0) return;
    switch (text[0]) {
      case '2': s.send('3'); return;
      case '0': s.send('40'); return;
      case '4':
        if (text.startsWith('42')) {
          const ts = extractTs(text);
          if (ts > 0) s.publication(ts);
        } else if (text.startsWith('430')) {
          s.subscribed();
        } else if (text.startsWith('40')) {
          s.send('420["subscribe","' + s.channel + '"]');
        } else if (text.startsWith('44')) {
          s.failed('socket.io connect error: ' + text);
        }
        return;
      default:
    }
  },
};

// The bare Vert.x and ws peers: {"sub":ch} answered {"subscribed":ch}; a publication is the published JSON itself.
const plain = {
  path: '/ws',
  start(s) { s.send('{"sub":"' + s.channel + '"}'); },
  onText(s, text) {
    const ts = extractTs(text);
    if (ts > 0) s.publication(ts);
    else if (text.startsWith('{"subscribed"')) s.subscribed();
  },
};

module.exports = { wires: { hub, socketio, plain }, extractTs };
