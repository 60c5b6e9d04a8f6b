'use strict';
// ws 8 broadcast peer: the plain-WebSocket floor on Node. {"sub":ch} adds the socket to a Set per
// channel and is answered {"subscribed":ch}; a publication is JSON-encoded once and the same
// string is sent to every subscriber. No heartbeat and no auth, as in the bare Vert.x peer.
const http = require('http');
const { WebSocketServer } = require('ws');
const { handler, portFromArgs } = require('./http-endpoints');

const port = portFromArgs();
const channels = new Map();
let sockets = 0;

function broadcast(channel, data) {
  const subs = channels.get(channel);
  if (!subs) return;
  const text = JSON.stringify(data);
  for (const ws of subs) ws.send(text);
}

const server = http.createServer(handler(broadcast, () => sockets));
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws) => {
  sockets++;
  const mine = new Set();
  ws.on('message', (raw) => {
    let msg;
    try { msg = JSON.parse(raw); } catch (e) { return; }
    if (typeof msg.sub !== 'string') return;
    let subs = channels.get(msg.sub);
    if (!subs) { subs = new Set(); channels.set(msg.sub, subs); }
    subs.add(ws);
    mine.add(msg.sub);
    ws.send(JSON.stringify({ subscribed: msg.sub }));
  });
  ws.on('close', () => {
    sockets--;
    for (const ch of mine) {
      const subs = channels.get(ch);
      if (subs && subs.delete(ws) && subs.size === 0) channels.delete(ch);
    }
  });
  ws.on('error', () => {});
});
server.listen(port, '127.0.0.1', 4096, () => console.log(`ws peer listening on ${port}`));
