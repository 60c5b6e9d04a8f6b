'use strict';

// The stock SDK's fallback transports: a front that refuses the WebSocket upgrade with 400
// (as a proxy that breaks WebSocket would) makes centrifuge-js move on to http_stream, which
// must connect, subscribe, receive, publish, and survive a drain (3001) by reconnecting over
// http_stream to the replacement hub. With http_stream refused too, the same over sse (Node has
// no EventSource: the `eventsource` package is passed to the SDK, as its docs ask).

const assert = require('node:assert/strict');
const http = require('node:http');
const { test, after } = require('node:test');
const { Centrifuge } = require('centrifuge');
const WebSocket = require('ws');
const { EventSource } = require('eventsource');
const { HubProcess, JWT_SECRET, stopAllHubs } = require('../lib/hub_process');
const { HubCluster } = require('../lib/hub_cluster');
const { connectionToken } = require('../lib/jwt');
const { waitUntil } = require('../lib/deadlines');

const skip = process.env.HUB_CLIENT_FORMAT === 'protobuf' ? 'the emulated transports are JSON only' : false;
after(stopAllHubs);

/**
 * A front on 127.0.0.1 that answers every upgrade with 400, and requests for the `refused` paths too, and passes
 * other HTTP through to `target()`.
 */
function startFront(target, refused = [], emulationTarget = target) {
  const server = http.createServer((req, res) => {
    const port = req.url.startsWith('/emulation') ? emulationTarget() : target();
    if (refused.includes(new URL(req.url, 'http://front').pathname)) {
      res.writeHead(400, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method,
      headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket) => {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function fallsBackAndSurvivesADrain(expected, refused) {
  let hub = await HubProcess.start({ nodeName: `compat-${expected}-old`, drainWindowMs: 1_000 });
  const front = await startFront(() => hub.port, refused);
  const base = `http://127.0.0.1:${front.address().port}`;
  const client = new Centrifuge([
    { transport: 'websocket', endpoint: `ws://127.0.0.1:${front.address().port}/connection/websocket` },
    { transport: 'http_stream', endpoint: `${base}/connection/http_stream` },
    { transport: 'sse', endpoint: `${base}/connection/sse` },
  ], { websocket: WebSocket, eventsource: EventSource, emulationEndpoint: `${base}/emulation`,
    token: connectionToken('erin', JWT_SECRET), minReconnectDelay: 100, maxReconnectDelay: 500 });
  const connects = [];
  const disconnects = [];
  const pubs = [];
  client.on('connected', (ctx) => connects.push(ctx));
  client.on('connecting', (ctx) => disconnects.push(ctx));
  try {
    client.connect();
    await waitUntil('connected', async () => connects.length === 1);
    assert.equal(connects[0].transport, expected, `fell back to ${expected}`);

    const sub = client.newSubscription('chat:room');
    sub.on('publication', (ctx) => pubs.push(ctx.data));
    sub.subscribe();
    await sub.ready(10_000);

    await hub.publish('chat:room', { from: 'api' });
    await waitUntil('API publication received', async () => pubs.some((d) => d.from === 'api'));
    await sub.publish({ from: 'sdk' });
    await waitUntil('own publication received', async () => pubs.some((d) => d.from === 'sdk'));

    const exit = await hub.terminate();
    assert.equal(exit.code, 0, 'a drain ends with exit 0');
    assert.ok(disconnects.some((d) => d.code === 3001), `drain pushed 3001, saw ${JSON.stringify(disconnects)}`);
    hub = await HubProcess.start({ nodeName: `compat-${expected}-new` });
    await waitUntil('reconnected to the replacement', async () => connects.length === 2, 30_000);
    assert.equal(connects[1].transport, expected, 'a transport that connected once is kept');
    await waitUntil('resubscribed', async () => sub.state === 'subscribed');
    await hub.publish('chat:room', { from: 'after-drain' });
    await waitUntil('publication after the drain', async () => pubs.some((d) => d.from === 'after-drain'));
  } finally {
    client.disconnect();
    front.close();
    front.closeAllConnections();
  }
}

test('websocket refused: the SDK connects over http_stream, subscribes, receives, publishes, survives a drain',
  { skip, timeout: 120_000 }, () => fallsBackAndSurvivesADrain('http_stream', []));

test('websocket and http_stream refused: the same over sse',
  { skip, timeout: 120_000 }, () => fallsBackAndSurvivesADrain('sse', ['/connection/http_stream']));


test('two nodes: /emulation that a front sends to the other node reaches the session', { skip, timeout: 120_000 },
  async () => {
    const cluster = new HubCluster('emulation');
    try {
      const [home, other] = await cluster.grow(2);
      // Streams go to `home`, every /emulation request to `other`: no stickiness at all.
      const front = await startFront(() => home.port, [], () => other.port);
      const base = `http://127.0.0.1:${front.address().port}`;
      const client = new Centrifuge([{ transport: 'http_stream', endpoint: `${base}/connection/http_stream` }],
        { emulationEndpoint: `${base}/emulation`, token: connectionToken('fay', JWT_SECRET) });
      const pubs = [];
      try {
        const connected = new Promise((resolve) => client.once('connected', resolve));
        client.connect();
        assert.equal((await connected).transport, 'http_stream');
        const sub = client.newSubscription('chat:two-nodes');
        sub.on('publication', (ctx) => pubs.push(ctx.data));
        sub.subscribe();
        await sub.ready(10_000);
        await other.publish('chat:two-nodes', { from: 'other-api' });
        await waitUntil('publication from the other node', async () => pubs.some((d) => d.from === 'other-api'));
        await sub.publish({ from: 'sdk' });
        await waitUntil('own publication', async () => pubs.some((d) => d.from === 'sdk'));
      } finally {
        client.disconnect();
        front.close();
        front.closeAllConnections();
      }
    } finally {
      await cluster.killAll();
    }
  });
