'use strict';
// The Node.js load client: the same `ws` client library for every target, as an alternative to the Java load
// generator (bench.client.LoadClientMain), driven by the orchestrator over the same line protocol:
//
//   connect COUNT FIRST CHANNELS PREFIX   open sessions FIRST.. (at most 256 handshakes in flight) and subscribe them
//   reset                                 zero the delivery counters
//   stats                                 deliveries and latency since the last reset
//   close clean|fin|rst                   end every live session that way
//   quit
//
// Each reply is one JSON line on stdout; logs go to stderr. Histograms travel as [[value, count], ...] in
// microseconds, rounded to 3 significant binary digits past 2,048 us (HdrHistogram's precision 3 is as fine), and the
// orchestrator merges them with the Java clients' histograms. When stdin closes the process resets its sockets and
// exits, so nothing outlives a run.
//
// Arguments: WIRE HOST PORT SRC[,SRC...] JWT_SECRET   (WIRE: hub | socketio | plain)
const crypto = require('crypto');
const readline = require('readline');
const { performance } = require('perf_hooks');
const WebSocket = require('ws');
const { wires } = require('./wires');

const [wireName, host, portArg, sourcesArg, secret] = process.argv.slice(2);
const wire = wires[wireName];
if (!wire || !host || !portArg || !sourcesArg) {
  console.error('usage: node client.js hub|socketio|plain HOST PORT SRC[,SRC...] JWT_SECRET');
  process.exit(2);
}
const port = Number(portArg);
const sources = sourcesArg.split(',');
const MAX_IN_FLIGHT = 256;
const HANDSHAKE_TIMEOUT_MS = 15000;
const MAX_MICROS = 60000000;

/** Wall-clock microseconds, as the publisher stamps them (Instant.now() in the orchestrator). */
function nowMicros() {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

class Histogram {
  constructor() { this.counts = new Map(); this.total = 0; }
  record(micros) {
    let v = Math.max(0, Math.min(Math.round(micros), MAX_MICROS));
    if (v >= 2048) {
      const shift = Math.floor(Math.log2(v)) - 10;
      v = Math.floor(v / 2 ** shift) * 2 ** shift;
    }
    this.counts.set(v, (this.counts.get(v) || 0) + 1);
    this.total++;
  }
  take() {
    const out = Array.from(this.counts.entries());
    this.counts = new Map();
    this.total = 0;
    return out;
  }
}

const stats = { delivered: 0, deliveries: new Histogram(), connects: new Histogram(), closes: new Map() };
const live = new Set();
let nextSource = 0;

function countClose(reason) {
  stats.closes.set(reason, (stats.closes.get(reason) || 0) + 1);
}

// The hub refuses a token without `exp` (auth.requireExp); a day ahead, so no bench session expires mid-run.
const TOKEN_EXP = Math.floor(Date.now() / 1000) + 86400;

function jwtFor(sub) {
  const b64 = (s) => Buffer.from(s).toString('base64url');
  const input = b64('{"alg":"HS256","typ":"JWT"}') + '.' + b64(JSON.stringify({ sub, exp: TOKEN_EXP }));
  return input + '.' + crypto.createHmac('sha256', secret).update(input).digest('base64url');
}

/** One session: resolves once subscribed, rejects with a short reason. */
function open(index, channel) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const src = sources[nextSource++ % sources.length];
    const ws = new WebSocket(`ws://${host}:${port}${wire.path}`, { localAddress: src, perMessageDeflate: false,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    let done = false;
    const timer = setTimeout(() => fail('handshake timeout'), HANDSHAKE_TIMEOUT_MS);
    const session = {
      index, channel, ws,
      send: (text) => ws.send(text),
      token: () => jwtFor('u' + index),
      publication: (ts) => { stats.delivered++; stats.deliveries.record(nowMicros() - ts); },
      subscribed: () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        stats.connects.record(Number(process.hrtime.bigint() - started) / 1000);
        resolve(session);
      },
      failed: (reason) => fail(reason),
    };
    function fail(reason) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (ws.readyState !== WebSocket.CLOSED) reset(ws);
      reject(new Error(reason));
    }
    ws.on('open', () => { live.add(session); wire.start(session); });
    ws.on('message', (data) => wire.onText(session, data.toString()));
    ws.on('error', (err) => {
      countClose('error:' + (err.code || err.message));
      fail(err.code || err.message);
    });
    ws.on('close', (code) => {
      if (live.delete(session)) countClose(code === 1005 || code === 1006 ? 'no-close-frame' : 'code:' + code);
      fail('closed before subscribed');
    });
  });
}

function reset(ws) {
  const s = ws._socket;
  if (s && typeof s.resetAndDestroy === 'function') s.resetAndDestroy(); else ws.terminate();
}

async function connect(count, first, channels, prefix) {
  stats.connects.take();
  const t0 = process.hrtime.bigint();
  const errors = {};
  let ok = 0;
  let next = first;
  const end = first + count;
  async function worker() {
    while (next < end) {
      const i = next++;
      try {
        await open(i, prefix + (i % channels));
        ok++;
      } catch (e) {
        errors[e.message] = (errors[e.message] || 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, count) }, worker));
  const micros = Number((process.hrtime.bigint() - t0) / 1000n);
  return { ok, failed: count - ok, micros, connectHist: stats.connects.take(), errors };
}

async function closeAll(how) {
  const before = live.size;
  for (const s of live) {
    if (how === 'clean') s.ws.close(1000, 'bye');
    else if (how === 'fin') s.ws._socket.end();
    else reset(s.ws);
  }
  const deadline = Date.now() + 15000;
  while (live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // a FIN or RST gives no close event until the socket is gone; what is left is dropped from the count
  const still = live.size;
  return { closed: before - still, stillLive: still };
}

async function execute(cmd) {
  switch (cmd[0]) {
    case 'connect': return connect(Number(cmd[1]), Number(cmd[2]), Number(cmd[3]), cmd[4]);
    case 'reset':
      stats.delivered = 0; stats.deliveries.take(); stats.connects.take(); stats.closes.clear();
      return {};
    case 'stats':
      return { delivered: stats.delivered, hist: stats.deliveries.take(), live: live.size,
        closes: Object.fromEntries(stats.closes) };
    case 'close': return closeAll(cmd[1]);
    default: throw new Error('unknown command ' + cmd[0] + ' (the Node driver has no churn: use the Java driver)');
  }
}

function reply(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

let chain = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const cmd = line.trim().split(' ');
  if (cmd[0] === 'quit') { rl.close(); return; }
  // one command at a time, in order, as the Java client runs them on its command thread
  chain = chain.then(() => execute(cmd))
    .then((r) => reply({ ...r, event: cmd[0] }), (e) => reply({ event: cmd[0], error: String(e) }));
});
rl.on('close', () => {
  chain.then(() => {
    for (const s of live) reset(s.ws);
    setTimeout(() => process.exit(0), 200);
  });
});
reply({ event: 'ready' });
