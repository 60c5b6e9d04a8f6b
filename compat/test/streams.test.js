'use strict';

// Channel streams on one node, as the stock SDK uses them: a client that went away and
// came back (by its own disconnect() or because the network cut it) resubscribes with the
// position it held and gets exactly what it missed; a new subscription with `since`
// starts from a known position; `sub.history()` pages through the stream.

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { HubProcess, JWT_SECRET, STREAM_NAMESPACE, stopAllHubs } = require('../lib/hub_process');
const { connectionToken } = require('../lib/jwt');
const { ReliablePublisher } = require('../lib/reliable_publisher');
const { scenarioTest } = require('../lib/scenario');
const {
  assertExactlyOnceInOrder, assertIdle, assertRecovered, recordIdleBaseline, waitDelivered,
} = require('../lib/stream_checks');

// Resubscribe quickly after a temporary error, as the client options do for reconnects.
const SUB_OPTIONS = { minResubscribeDelay: 100, maxResubscribeDelay: 500 };

let hub;
before(async () => {
  hub = await HubProcess.start({ nodeName: 'compat-streams', streams: true });
  await recordIdleBaseline(hub);
});
after(stopAllHubs);
const watch = () => [hub];

/** A channel name no other test (or earlier run against the same hub) has used. */
function freshChannel(label) {
  return `${STREAM_NAMESPACE}:${label}-${Date.now().toString(36)}`;
}

scenarioTest('after disconnect() and connect() the SDK recovers what it missed, once and in order', async (s) => {
  const channel = freshChannel('away');
  const publisher = new ReliablePublisher('api', () => [hub]);
  const dana = s.client(hub, { name: 'dana', token: connectionToken('dana', JWT_SECRET) }).connect();
  dana.subscribe(channel, SUB_OPTIONS);
  const first = await dana.log.waitForEvent(channel, 'subscribed');
  assert.equal(first.ctx.recoverable, true, 'forceRecovery makes the subscription recoverable');
  assert.equal(first.ctx.positioned, true, 'a recoverable subscription is positioned');
  assert.equal(first.ctx.wasRecovering, false, 'a first subscribe has nothing to recover');
  assert.equal(first.ctx.streamPosition.offset, 0, 'a new stream starts at offset 0');
  assert.equal(typeof first.ctx.streamPosition.epoch, 'string');

  await publisher.publishEach([channel], 3);
  await waitDelivered(dana, channel, publisher.ackedOn(channel));
  assert.equal(publisher.acks[0].epoch, first.ctx.streamPosition.epoch, 'publish answers the stream epoch');

  const mark = dana.log.entries.length;
  dana.centrifuge.disconnect();
  await dana.log.waitForEvent('client', 'disconnected', { from: mark });
  await publisher.publishEach([channel], 5);
  s.note('published 5 while dana was disconnected');
  dana.connect();

  const last = await assertRecoveredSoon(dana, channel, mark);
  assert.deepEqual(last.ctx.streamPosition, { offset: 3, epoch: first.ctx.streamPosition.epoch },
    'the recovered subscribe reports the position it recovered from');
  await publisher.publishEach([channel], 2); // live again after the recovery
  await waitDelivered(dana, channel, publisher.ackedOn(channel));
  assertExactlyOnceInOrder(dana, channel, publisher.ackedOn(channel));
  assert.deepEqual(dana.received(channel).map((p) => p.offset), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  dana.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('after the connection is cut without a close frame the SDK reconnects and recovers', async (s) => {
  const channel = freshChannel('cut');
  const publisher = new ReliablePublisher('api', () => [hub]);
  const front = await s.forwarder(hub);
  const eli = s.client(front, { name: 'eli', token: connectionToken('eli', JWT_SECRET) }).connect();
  eli.subscribe(channel, SUB_OPTIONS);
  await eli.log.waitForEvent(channel, 'subscribed');
  await publisher.publishEach([channel], 4);
  await waitDelivered(eli, channel, publisher.ackedOn(channel));

  // The network goes away: every TCP connection ends, new ones are refused for a while.
  const mark = eli.log.entries.length;
  front.setTarget(null);
  assert.equal(front.dropAll('network cut'), 1);
  await eli.log.waitForEvent('client', 'connecting', { from: mark });
  // The hub never got a close frame, yet it must release the session on the TCP close.
  await assertIdle(hub);
  await publisher.publishEach([channel], 6);
  s.note('published 6 while eli was cut off');
  front.setTarget(hub.port);

  await assertRecoveredSoon(eli, channel, mark);
  await waitDelivered(eli, channel, publisher.ackedOn(channel));
  assertExactlyOnceInOrder(eli, channel, publisher.ackedOn(channel));
  assert.equal(eli.log.find(channel, 'publication').length, 10);

  eli.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('a new subscription with `since` starts from that position and gets what followed it', async (s) => {
  const channel = freshChannel('since');
  const publisher = new ReliablePublisher('api', () => [hub]);
  await publisher.publishEach([channel], 7);
  const epoch = publisher.acks[0].epoch;

  const fay = s.client(hub, { name: 'fay', token: connectionToken('fay', JWT_SECRET) }).connect();
  fay.subscribe(channel, { ...SUB_OPTIONS, since: { offset: 4, epoch } });
  const subscribed = await fay.log.waitForEvent(channel, 'subscribed');
  assert.equal(subscribed.ctx.wasRecovering, true);
  assert.equal(subscribed.ctx.recovered, true, JSON.stringify(subscribed.ctx));
  await waitDelivered(fay, channel, publisher.ackedOn(channel).slice(4));
  assertExactlyOnceInOrder(fay, channel, publisher.ackedOn(channel).slice(4));

  // A position from another epoch (a stream that was lost) cannot be recovered.
  const gus = s.client(hub, { name: 'gus', token: connectionToken('gus', JWT_SECRET) }).connect();
  gus.subscribe(channel, { ...SUB_OPTIONS, since: { offset: 4, epoch: 'not-this-epoch' } });
  const stale = await gus.log.waitForEvent(channel, 'subscribed');
  assert.equal(stale.ctx.wasRecovering, true);
  assert.equal(stale.ctx.recovered, false, 'another epoch is never recovered');
  assert.deepEqual(stale.ctx.streamPosition, { offset: 7, epoch }, 'not recovered: the current top is reported');
  assert.equal(gus.log.find(channel, 'publication').length, 0, 'not recovered: no publications at all');

  fay.close();
  gus.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('sub.history() pages through the stream with limit and since', async (s) => {
  const channel = freshChannel('history');
  const publisher = new ReliablePublisher('api', () => [hub]);
  const hana = s.client(hub, { name: 'hana', token: connectionToken('hana', JWT_SECRET) }).connect();
  const sub = hana.subscribe(channel, SUB_OPTIONS);
  await hana.log.waitForEvent(channel, 'subscribed');
  await publisher.publishEach([channel], 10);
  const epoch = publisher.acks[0].epoch;
  const dataAt = (offset) => publisher.ackedOn(channel)[offset - 1].data;
  const page = (result) => result.publications.map((p) => ({ offset: p.offset, data: p.data }));
  const expectPage = (offsets) => offsets.map((offset) => ({ offset, data: dataAt(offset) }));

  const oldest = await sub.history({ limit: 3 });
  assert.deepEqual(page(oldest), expectPage([1, 2, 3]), 'limit alone: the oldest kept, oldest first');
  assert.equal(oldest.offset, 10, 'every answer carries the top offset');
  assert.equal(oldest.epoch, epoch);

  const next = await sub.history({ limit: 4, since: { offset: 3, epoch } });
  assert.deepEqual(page(next), expectPage([4, 5, 6, 7]), 'since: the publications after that offset');
  const rest = await sub.history({ limit: 100, since: { offset: 7, epoch } });
  assert.deepEqual(page(rest), expectPage([8, 9, 10]), 'a limit beyond the end gives what there is');
  const none = await sub.history({ limit: 5, since: { offset: 10, epoch } });
  assert.deepEqual(page(none), [], 'since the top: nothing');

  const backwards = await sub.history({ limit: 2, since: { offset: 9, epoch }, reverse: true });
  assert.deepEqual(page(backwards), expectPage([8, 7]), 'reverse with since: the ones before it, newest first');

  await assert.rejects(sub.history({ limit: 3, since: { offset: 3, epoch: 'not-this-epoch' } }), (err) => {
    assert.equal(err.code, 112, `expected unrecoverable position, got ${JSON.stringify(err)}`);
    return true;
  });

  // Channels outside the stream namespace keep no history: 108, and the session stays up.
  const plainChannel = `plain-${Date.now().toString(36)}`;
  const plain = hana.subscribe(plainChannel, SUB_OPTIONS);
  await hana.log.waitForEvent(plainChannel, 'subscribed');
  await assert.rejects(plain.history({ limit: 3 }), (err) => {
    assert.equal(err.code, 108, `expected not available, got ${JSON.stringify(err)}`);
    return true;
  });
  assert.equal(hana.state, 'connected');
  assert.equal(hana.log.find('client', 'connecting').length, 1, 'refused history calls never cost the connection');

  hana.close();
  await assertIdle(hub);
}, { watch });

/** The recovery after log index `mark`: waits for the `subscribed`, then checks every one since. */
async function assertRecoveredSoon(client, channel, mark) {
  await client.log.waitForEvent(channel, 'subscribed', { from: mark });
  return assertRecovered(client, channel, mark);
}
