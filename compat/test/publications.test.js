'use strict';

// Publications as the stock SDK receives them: server API publications with their exact
// JSON and in order, and client publications where the channel options allow them
// (namespace `chat`), attributed to the publisher; elsewhere the SDK gets error 103.

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { HubProcess, JWT_SECRET, stopAllHubs } = require('../lib/hub_process');
const { connectionToken } = require('../lib/jwt');
const { scenarioTest } = require('../lib/scenario');

const SEQUENCE_LENGTH = 20;

let hub;
before(async () => {
  hub = await HubProcess.start({ nodeName: 'compat-publications' });
});
after(stopAllHubs);
const watch = () => [hub];

scenarioTest('receives an API publication with its exact data, and 20 more in publish order', async (s) => {
  const channel = 'updates';
  const bob = s.client(hub, { name: 'bob', token: connectionToken('bob', JWT_SECRET) }).connect();
  bob.subscribe(channel);
  await bob.log.waitForEvent(channel, 'subscribed');

  // Escapes, a newline inside a string, non-ASCII, nesting and every JSON scalar: the hub
  // must forward the value as embedded JSON (protocol.md 2.1), not re-encode it lossily.
  const payload = {
    text: 'h\u00e9llo "quoted" \\ back\nslash \u{1F680}',
    count: 42,
    ratio: -0.5,
    flags: [true, false, null],
    nested: { empty: {}, list: [] },
  };
  await hub.publish(channel, payload);
  const first = await bob.log.waitForEvent(channel, 'publication');
  assert.deepEqual(first.ctx.data, payload);
  assert.equal(first.ctx.channel, channel);

  // Each publish waits for the API reply before the next, so the hub has a definite order.
  for (let seq = 0; seq < SEQUENCE_LENGTH; seq++) {
    await hub.publish(channel, { seq });
  }
  await bob.log.waitForEvent(channel, 'publication', { where: (ctx) => ctx.data.seq === SEQUENCE_LENGTH - 1 });
  const expected = Array.from({ length: SEQUENCE_LENGTH }, (_, seq) => ({ seq }));
  assert.deepEqual(bob.publications(channel).slice(1), expected, 'publications arrive once each, in publish order');
}, { watch });

scenarioTest('client publish in an allowPublish namespace reaches every subscriber with the publisher info', async (s) => {
  const channel = 'chat:lobby';
  const alice = s.client(hub, {
    name: 'alice',
    token: connectionToken('alice', JWT_SECRET, { info: { nick: 'Alice' } }),
  }).connect();
  const bob = s.client(hub, { name: 'bob', token: connectionToken('bob', JWT_SECRET) }).connect();
  const aliceSub = alice.subscribe(channel);
  bob.subscribe(channel);
  const aliceConnection = await alice.connected();
  await alice.log.waitForEvent(channel, 'subscribed');
  await bob.log.waitForEvent(channel, 'subscribed');

  const message = { text: 'hello from alice' };
  await aliceSub.publish(message);

  for (const receiver of [alice, bob]) {
    const pub = await receiver.log.waitForEvent(channel, 'publication');
    assert.deepEqual(pub.ctx.data, message);
    assert.ok(pub.ctx.info, `${receiver.log.name}: a client publication carries the publisher's ClientInfo`);
    assert.equal(pub.ctx.info.user, 'alice', 'info.user is the publisher token sub');
    assert.equal(pub.ctx.info.client, aliceConnection.client, 'info.client is the publisher connection id');
    assert.deepEqual(pub.ctx.info.connInfo, { nick: 'Alice' }, 'conn_info comes from the token info claim');
  }
}, { watch });

scenarioTest('client publish where the channel forbids it is rejected with 103 and delivers nothing', async (s) => {
  const channel = 'announcements'; // default namespace: allowPublish false
  const alice = s.client(hub, { name: 'alice', token: connectionToken('alice', JWT_SECRET) }).connect();
  const bob = s.client(hub, { name: 'bob', token: connectionToken('bob', JWT_SECRET) }).connect();
  const aliceSub = alice.subscribe(channel);
  bob.subscribe(channel);
  await alice.log.waitForEvent(channel, 'subscribed');
  await bob.log.waitForEvent(channel, 'subscribed');

  await assert.rejects(aliceSub.publish({ text: 'not allowed here' }), (err) => {
    assert.equal(err.code, 103, `expected permission denied, got ${JSON.stringify(err)}`);
    return true;
  });

  // If the hub had broadcast the refused publication, it would reach bob before this one.
  const marker = { marker: 'published through the API after the refusal' };
  await hub.publish(channel, marker);
  const first = await bob.log.waitForEvent(channel, 'publication');
  assert.deepEqual(first.ctx.data, marker);
  // A refused command is a reply error; the session must stay up.
  assert.equal(alice.state, 'connected');
  assert.equal(alice.log.find('client', 'connecting').length, 1, 'only the initial connect, no reconnect');
}, { watch });

scenarioTest('a burst of 200 publications, which the hub coalesces into shared frames, arrives whole and in order', async (s) => {
  const channel = 'burst';
  const bob = s.client(hub, { name: 'bob', token: connectionToken('bob', JWT_SECRET) }).connect();
  bob.subscribe(channel);
  await bob.log.waitForEvent(channel, 'subscribed');
  // One API call, all at once: they reach the shard together, so several leave in one WebSocket frame
  // (newline-separated JSON, or concatenated length-delimited protobuf replies) that the SDK must split.
  const count = 200;
  const commands = Array.from({ length: count }, (_, seq) => ({ publish: { channel, data: { seq } } }));
  const reply = await hub.api('batch', { commands, parallel: true });
  assert.ok(!JSON.stringify(reply).includes('"error"'), JSON.stringify(reply));
  await bob.log.waitForEvent(channel, 'publication', { where: (ctx) => ctx.data.seq === count - 1 });
  const expected = Array.from({ length: count }, (_, seq) => ({ seq }));
  assert.deepEqual(bob.publications(channel), expected, 'every publication once, in order');
  assert.equal(bob.state, 'connected');
}, { watch });
