'use strict';

// Connection lifecycle as the stock SDK sees it: connect, being counted by the hub,
// clean release, and the two token failures the SDK reacts to differently
// (109 -> refresh through getToken and retry; invalid signature -> 3500, terminal).

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { HubProcess, JWT_SECRET, stopAllHubs } = require('../lib/hub_process');
const { connectionToken } = require('../lib/jwt');
const { waitUntil, sleep } = require('../lib/deadlines');
const { scenarioTest } = require('../lib/scenario');

let hub;
before(async () => {
  hub = await HubProcess.start({ nodeName: 'compat-connection' });
});
after(stopAllHubs);
const watch = () => [hub];

scenarioTest('connects with a client id, is counted by /api/info and released on disconnect', async (s) => {
  assert.equal(await hub.numClients(), 0, 'a fresh hub has no clients');

  const alice = s.client(hub, { name: 'alice', token: connectionToken('alice', JWT_SECRET) }).connect();
  const connected = await alice.connected();
  assert.equal(typeof connected.client, 'string');
  assert.notEqual(connected.client, '', 'the connect result must carry a client id');
  assert.equal(connected.transport, 'websocket');
  await waitUntil('/api/info num_clients == 1', async () => (await hub.numClients()) === 1);

  alice.close();
  await waitUntil('/api/info num_clients back to 0', async () => (await hub.numClients()) === 0);
}, { watch });

scenarioTest('an expired token gets error 109 and the SDK connects with a token from getToken', async (s) => {
  let tokensFetched = 0;
  const carol = s.client(hub, {
    name: 'carol',
    token: connectionToken('carol', JWT_SECRET, { expiresInSeconds: -60 }),
    getToken: async () => {
      tokensFetched += 1;
      return connectionToken('carol', JWT_SECRET);
    },
  }).connect();

  const rejected = await carol.log.waitForEvent('client', 'error', { where: (ctx) => ctx.type === 'connect' });
  assert.equal(rejected.ctx.error.code, 109, 'an expired connection token must be answered with error 109');
  const connected = await carol.connected({ from: rejected.index });
  assert.notEqual(connected.client, '');
  assert.ok(tokensFetched >= 1, 'the SDK only reconnects after fetching a fresh token');
  assert.equal(carol.log.find('client', 'disconnected').length, 0, 'a 109 must not end the client');
}, { watch });

scenarioTest('a token with a bad signature is closed with 3500 and the SDK stays disconnected', async (s) => {
  const forged = connectionToken('mallory', 'not-the-hub-secret');
  const mallory = s.client(hub, { name: 'mallory', token: forged }).connect();

  const disconnected = await mallory.log.waitForEvent('client', 'disconnected');
  assert.equal(disconnected.ctx.code, 3500, 'invalid token is close code 3500');
  // 3500 is terminal: give a reconnect (100-500 ms backoff) ample time to show up if it were wrong.
  await sleep(1_000);
  assert.equal(mallory.state, 'disconnected');
  assert.equal(mallory.log.find('client', 'connected').length, 0);
  assert.equal(mallory.log.find('client', 'connecting', disconnected.index).length, 0);
  await waitUntil('/api/info num_clients == 0', async () => (await hub.numClients()) === 0);
}, { watch });

// The hub accepts one pong per ping and closes an unsolicited one with 3501 (issue 10, item 6),
// so the stock SDK's heartbeat must be exactly that: one `{}` after each server `{}`.
scenarioTest('the SDK answers each server ping with one pong and stays connected', async (s) => {
  const pinging = await HubProcess.start({
    nodeName: 'compat-pings', client: { pingIntervalMs: 1_000, pongTimeoutMs: 700 },
  });
  const dave = s.client(pinging, { name: 'dave', token: connectionToken('dave', JWT_SECRET) }).connect();
  await dave.connected();
  const inAfterConnect = HubProcess.metricSum(await pinging.metrics(), 'hub_messages_in_total');
  // The first ping comes 0.5-1 s after connect, then one a second: at least three in 4.5 s.
  await sleep(4_500);
  const samples = await pinging.metrics();
  assert.ok(HubProcess.metricSum(samples, 'hub_messages_in_total') - inAfterConnect >= 3,
    'pongs reached the hub');
  assert.equal(closedWith(samples, 'bad_request'), 0, 'no pong was unsolicited');
  assert.equal(closedWith(samples, 'no_pong'), 0, 'no ping went unanswered');
  assert.equal(dave.log.find('client', 'disconnected').length, 0);
  assert.equal(dave.log.find('client', 'connected').length, 1, 'one connection, never dropped');
  assert.equal(await pinging.numClients(), 1);
}, { watch, timeoutMs: 30_000 });

function closedWith(samples, reason) {
  return Object.entries(samples)
    .filter(([key]) => key.startsWith('hub_sessions_closed_total{') && key.includes(`reason="${reason}"`))
    .reduce((sum, [, value]) => sum + value, 0);
}
