'use strict';

// A rolling restart from the client's side: SIGTERM drains the hub (close 3001
// "shutdown", a reconnect code), the process exits 0, and once a new hub listens on the
// same port the stock SDK reconnects and resubscribes without any help from the app.

const assert = require('node:assert/strict');
const { after } = require('node:test');
const { JWT_SECRET, stopAllHubs } = require('../lib/hub_process');
const { connectionToken } = require('../lib/jwt');
const { scenarioTest } = require('../lib/scenario');

after(stopAllHubs);

scenarioTest('after a drain the SDK reconnects to the replacement hub by itself and resubscribes', async (s) => {
  const channel = 'room-drain';
  const draining = await s.startHub({ nodeName: 'compat-drain-old', drainWindowMs: 1_000 });
  const gina = s.client(draining, { name: 'gina', token: connectionToken('gina', JWT_SECRET) }).connect();
  gina.subscribe(channel);
  const before = await gina.connected();
  await gina.log.waitForEvent(channel, 'subscribed');
  const mark = gina.log.entries.length;

  const exit = await draining.terminate();
  assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, 'a drain ends with exit 0');

  const connecting = await gina.log.waitForEvent('client', 'connecting', { from: mark, timeoutMs: 1_000 });
  assert.equal(connecting.ctx.code, 3001, 'drain closes sessions with 3001');
  assert.equal(connecting.ctx.reason, 'shutdown');

  // The SDK retried every 100-500 ms through the drain window; a draining hub must have
  // refused those upgrades, so nothing connected until a new hub listened.
  const replacementStart = gina.log.entries.length;
  assert.equal(gina.log.find('client', 'connected', connecting.index).length, 0,
    'a draining hub must not accept new sessions');
  const replacement = await s.startHub({ nodeName: 'compat-drain-new', port: draining.port });
  const after = await gina.connected({ from: replacementStart, timeoutMs: 5_000 });
  assert.notEqual(after.client, before.client);
  await gina.log.waitForEvent(channel, 'subscribed', { from: connecting.index });

  await replacement.publish(channel, { served_by: 'replacement' });
  const pub = await gina.log.waitForEvent(channel, 'publication', { from: connecting.index });
  assert.deepEqual(pub.ctx.data, { served_by: 'replacement' });
  assert.equal(gina.log.find('client', 'disconnected').length, 0, 'a drain must never look terminal to the SDK');
}, { timeoutMs: 25_000 }); // two JVM starts and a drain window
