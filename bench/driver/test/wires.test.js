'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { wires, extractTs } = require('../wires');

function fakeSession() {
  const s = { sent: [], ts: [], state: 'open', channel: 'bench:fan0',
    send: (t) => s.sent.push(t), token: () => 'x.y.z', publication: (ts) => s.ts.push(ts),
    subscribed: () => { s.state = 'subscribed'; }, failed: (r) => { s.state = 'failed: ' + r; } };
  return s;
}

test('extractTs reads the number after the first "ts": and nothing else', () => {
  assert.strictEqual(extractTs('{"push":{"pub":{"data":{"ts":1234,"seq":9}}}}'), 1234);
  assert.strictEqual(extractTs('{"push":{}}'), -1);
  assert.strictEqual(extractTs('{"ts":x}'), -1);
});

test('hub wire: connect, subscribe, pong, and every push of a coalesced frame', () => {
  const s = fakeSession();
  wires.hub.start(s);
  assert.match(s.sent[0], /"connect":\{"token":"x.y.z"\}/);
  wires.hub.onText(s, '{"id":1,"connect":{"client":"c"}}');
  assert.strictEqual(s.sent[1], '{"subscribe":{"channel":"bench:fan0"},"id":2}');
  wires.hub.onText(s, '{"id":2,"subscribe":{}}');
  assert.strictEqual(s.state, 'subscribed');
  wires.hub.onText(s, '{}');
  assert.strictEqual(s.sent[2], '{}');
  wires.hub.onText(s, '{"push":{"pub":{"data":{"ts":5}}}}\n{"push":{"pub":{"data":{"ts":6}}}}\n{}');
  assert.deepStrictEqual(s.ts, [5, 6]);
  assert.strictEqual(s.sent[3], '{}');
});

test('hub wire: an error reply fails the session', () => {
  const s = fakeSession();
  wires.hub.onText(s, '{"id":1,"error":{"code":109,"message":"token expired"}}');
  assert.match(s.state, /^failed/);
});

test('socket.io wire: open, namespace, acknowledged subscribe, ping, event', () => {
  const s = fakeSession();
  wires.socketio.onText(s, '0{"sid":"a","pingInterval":25000}');
  wires.socketio.onText(s, '40{"sid":"b"}');
  wires.socketio.onText(s, '430[]');
  wires.socketio.onText(s, '2');
  wires.socketio.onText(s, '42["pub",{"ts":77}]');
  assert.deepStrictEqual(s.sent, ['40', '420["subscribe","bench:fan0"]', '3']);
  assert.strictEqual(s.state, 'subscribed');
  assert.deepStrictEqual(s.ts, [77]);
});

test('plain wire: sub, subscribed, publication', () => {
  const s = fakeSession();
  wires.plain.start(s);
  wires.plain.onText(s, '{"subscribed":"bench:fan0"}');
  wires.plain.onText(s, '{"ts":12,"seq":1}');
  assert.deepStrictEqual(s.sent, ['{"sub":"bench:fan0"}']);
  assert.strictEqual(s.state, 'subscribed');
  assert.deepStrictEqual(s.ts, [12]);
});
