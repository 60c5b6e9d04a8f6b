'use strict';

// Server-initiated disconnects through /api/disconnect. The close code decides what the
// SDK does (protocol.md section 8): 3000-3499 reconnects, 3500-3999 is terminal.

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { HubProcess, JWT_SECRET, stopAllHubs } = require('../lib/hub_process');
const { connectionToken } = require('../lib/jwt');
const { sleep, waitUntil } = require('../lib/deadlines');
const { scenarioTest } = require('../lib/scenario');

// Reconnect backoff is 100-500 ms in RecordedClient; four times the maximum is a safe
// window to be sure a terminal disconnect did not schedule a reconnect.
const STAYS_DOWN_MS = 2_000;

let hub;
before(async () => {
  hub = await HubProcess.start({ nodeName: 'compat-disconnect' });
});
after(stopAllHubs);
const watch = () => [hub];

scenarioTest('disconnect with reconnect code 3011: the SDK reconnects with a new id and resubscribes', async (s) => {
  const channel = 'room-reconnect';
  const dave = s.client(hub, { name: 'dave', token: connectionToken('dave', JWT_SECRET) }).connect();
  dave.subscribe(channel);
  const before = await dave.connected();
  await dave.log.waitForEvent(channel, 'subscribed');
  const mark = dave.log.entries.length;

  const reply = await hub.api('disconnect', { user: 'dave', disconnect: { code: 3011, reason: 'force reconnect' } });
  assert.deepEqual(reply, { result: {} });

  const connecting = await dave.log.waitForEvent('client', 'connecting', { from: mark });
  assert.equal(connecting.ctx.code, 3011);
  assert.equal(connecting.ctx.reason, 'force reconnect');
  const after = await dave.connected({ from: connecting.index });
  assert.notEqual(after.client, before.client, 'a reconnect is a new session with a new client id');
  await dave.log.waitForEvent(channel, 'subscribed', { from: connecting.index });

  // Subscribed in the SDK's eyes must also mean subscribed in the hub's.
  await hub.publish(channel, { after: 'reconnect' });
  const pub = await dave.log.waitForEvent(channel, 'publication', { from: connecting.index });
  assert.deepEqual(pub.ctx.data, { after: 'reconnect' });
  assert.equal(dave.log.find('client', 'disconnected').length, 0);
}, { watch });

scenarioTest('default disconnect closes with terminal 3503 and the SDK does not reconnect', async (s) => {
  const erin = s.client(hub, { name: 'erin', token: connectionToken('erin', JWT_SECRET) }).connect();
  const frank = s.client(hub, { name: 'frank', token: connectionToken('frank', JWT_SECRET) }).connect();
  erin.subscribe('room-terminal');
  await erin.connected();
  await frank.connected();
  await erin.log.waitForEvent('room-terminal', 'subscribed');
  const erinMark = erin.log.entries.length;
  const frankMark = frank.log.entries.length;

  const reply = await hub.api('disconnect', { user: 'erin' });
  assert.deepEqual(reply, { result: {} });

  const disconnected = await erin.log.waitForEvent('client', 'disconnected', { from: erinMark });
  assert.equal(disconnected.ctx.code, 3503);
  assert.equal(disconnected.ctx.reason, 'force disconnect');
  await sleep(STAYS_DOWN_MS);
  assert.equal(erin.state, 'disconnected');
  assert.equal(erin.log.find('client', 'connecting', erinMark).length, 0, 'a terminal code must not reconnect');

  // Only erin's sessions were targeted.
  assert.equal(frank.state, 'connected');
  assert.equal(frank.log.entries.length, frankMark, 'frank saw no event at all');
  await waitUntil('/api/info num_clients == 1 (frank only)', async () => (await hub.numClients()) === 1);
}, { watch });
