'use strict';

// Channel streams across a cluster, as the stock SDK lives through node failures. One
// three-node cluster serves every test here (clustered JVMs are slow to start), and a test
// starts nodes only when too few are left alive. Clients reach the cluster through a TCP
// forwarder, as they would reach it through a load balancer, so "reconnect through another
// node" is the forwarder pointing elsewhere while the SDK retries its one URL.
//
// Publications go on through the surviving nodes' HTTP API during every fault. The
// publishers retry with an idempotency key until a node answers with an offset, so every
// publication has exactly one; each acknowledged one must reach the client exactly once,
// in offset order, and nothing may arrive twice. The channels are spread over the
// cluster's partitions (several per test), so some are owned by the node that fails and
// some are not.

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { JWT_SECRET, STREAM_NAMESPACE, stopAllHubs } = require('../lib/hub_process');
const { HubCluster } = require('../lib/hub_cluster');
const { FORMAT } = require('../lib/format');
const { connectionToken } = require('../lib/jwt');
const { ReliablePublisher } = require('../lib/reliable_publisher');
const { scenarioTest } = require('../lib/scenario');
const { sleep } = require('../lib/deadlines');
const {
  assertExactlyOnceInOrder, assertIdle, assertRecovered, waitDelivered,
} = require('../lib/stream_checks');

// With 8 channels the chance that one node of three owns none of them is (2/3)^8, 4 %.
const CHANNELS_PER_TEST = 8;
const SUB_OPTIONS = { minResubscribeDelay: 100, maxResubscribeDelay: 500 };
// From the fault until every channel has resubscribed. Hazelcast needs a few seconds to
// give up on a killed member (its partitions answer nothing meanwhile, and the hub answers
// the SDK's subscribe with the temporary error 100 until they do).
const RECOVERY_TIMEOUT_MS = 20_000;
const DELIVERY_TIMEOUT_MS = 15_000;
// How long publishing goes on after the cluster settled, so live traffic also crosses the
// moment the client comes back.
const PUBLISH_AFTER_SETTLED_MS = 1_000;

// Once per `npm test`: what a node failure does to a stream is the same whatever the client's
// wire format, and each pass costs six clustered JVM starts. The protobuf pass covers the
// format's side of recovery and history on one node (streams.test.js).
const skip = FORMAT === 'protobuf' ? 'clustered stream faults run in the JSON pass only' : false;

const cluster = new HubCluster('streams');
before(async () => {
  if (!skip) {
    await cluster.grow(3);
  }
}, { timeout: 120_000 });
after(async () => {
  await cluster.killAll();
  await stopAllHubs();
});
const watch = () => cluster.all();

/** `list` starting at index `by`, so concurrent publishers do not move in step. */
function rotate(list, by) {
  return [...list.slice(by % list.length), ...list.slice(0, by % list.length)];
}

function channelsFor(label) {
  const run = Date.now().toString(36);
  return Array.from({ length: CHANNELS_PER_TEST }, (_, i) => `${STREAM_NAMESPACE}:${label}-${i}-${run}`);
}

async function subscribeAll(client, channels) {
  for (const channel of channels) {
    client.subscribe(channel, SUB_OPTIONS);
  }
  for (const channel of channels) {
    await client.log.waitForEvent(channel, 'subscribed');
  }
}

/** Every acknowledgement for `channel` from any of `publishers`, in offset order. */
function ackedOn(publishers, channel) {
  return publishers.flatMap((p) => p.ackedOn(channel)).sort((a, b) => a.offset - b.offset);
}

/** Publications to `channel` whose fate their (keyless) publisher does not know. */
function unknownOn(publishers, channel) {
  return publishers.flatMap((p) => p.unknownOn(channel));
}

/** Starts `publisher` publishing round-robin in the background; `stop()` ends it and rethrows its failure. */
function keepPublishing(publisher, channels) {
  const running = publisher.runUntilStopped(channels);
  running.catch(() => {}); // judged in stop(); never an unhandled rejection meanwhile
  return {
    stop: async () => {
      publisher.stop();
      await running;
    },
  };
}

/**
 * Waits for a `subscribed` of each channel after `mark` and checks each recovered; returns
 * when the last came and how many subscribe attempts failed first (the SDK retries those).
 */
async function waitRecoveredAll(client, channels, mark) {
  let lastAt = 0;
  for (const channel of channels) {
    const e = await client.log.waitForEvent(channel, 'subscribed', { from: mark, timeoutMs: RECOVERY_TIMEOUT_MS });
    lastAt = Math.max(lastAt, e.at);
  }
  let failedAttempts = 0;
  for (const channel of channels) {
    assertRecovered(client, channel, mark);
    failedAttempts += client.log.find(channel, 'error', mark).length;
  }
  return { lastAt, failedAttempts };
}

async function assertAllExactlyOnce(client, channels, publishers) {
  for (const channel of channels) {
    await waitDelivered(client, channel, ackedOn(publishers, channel), { timeoutMs: DELIVERY_TIMEOUT_MS });
  }
  for (const channel of channels) {
    assertExactlyOnceInOrder(client, channel, ackedOn(publishers, channel), { maybe: unknownOn(publishers, channel) });
  }
}

/**
 * What the fault did to the publishers: how many publications were under way at `time`,
 * and on how many of `channels` one needed a retry or took over a second (those channels'
 * partitions were owned by, or backed up on, the node that failed).
 */
function faultReach(publishers, channels, time) {
  const slowOrRetried = (a) => a.attempts > 1 || a.ms > 1_000;
  const hit = channels.filter((c) => publishers.some((p) => p.acks.some((a) => a.channel === c && slowOrRetried(a))));
  const inFlight = publishers.reduce((n, p) => n + p.inFlightAt(time).length, 0);
  return `${inFlight} publication(s) in flight at the fault; ${hit.length}/${channels.length} channels had one `
    + 'retried or slower than 1 s';
}

function failureDetail(publishers) {
  return publishers.map((p) => p.formatFailures()).join('\n');
}

scenarioTest('kill -9 of another node while publications continue: no loss, no duplicate, no resubscribe',
  async (s, t) => {
    const nodes = await cluster.ensure(3);
    const home = nodes[0];
    const victim = nodes[nodes.length - 1];
    const survivors = nodes.filter((n) => n !== victim);
    const channels = channelsFor('other-dies');
    const ines = s.client(home, { name: 'ines', token: connectionToken('ines', JWT_SECRET) }).connect();
    await subscribeAll(ines, channels);
    const marks = Object.fromEntries(channels.map((c) => [c, ines.log.entries.length]));

    // Four publishers at once, each through every surviving node in turn: a channel is
    // written from two nodes concurrently, and the client must still see offset order.
    const publishers = ['d1', 'd2', 'd3', 'd4'].map((name) => new ReliablePublisher(name, () => survivors));
    const loops = publishers.map((p, i) => keepPublishing(p, rotate(channels, i * 2)));
    try {
      await sleep(500);
      const killedAt = Date.now();
      await victim.kill();
      s.note(`killed ${victim.nodeName} (SIGKILL)`);
      await cluster.waitMembers(survivors.length);
      const settledAt = Date.now();
      s.note(`survivors see ${survivors.length} members`);
      await sleep(PUBLISH_AFTER_SETTLED_MS);
      await Promise.all(loops.map((l) => l.stop()));
      t.diagnostic(`${victim.nodeName} killed; survivors saw it gone after ${settledAt - killedAt} ms; `
        + `${faultReach(publishers, channels, killedAt)}; ${publishers.map((p) => p.summary()).join('; ')}`);
    } finally {
      await Promise.allSettled(loops.map((l) => l.stop()));
    }

    try {
      await assertAllExactlyOnce(ines, channels, publishers);
    } catch (err) {
      err.message += `\n${failureDetail(publishers)}`;
      throw err;
    }
    for (const channel of channels) {
      assert.deepEqual(ines.log.find(channel, 'subscribing', marks[channel]).map((e) => e.ctx), [],
        `${channel}: the client's node kept serving, so its subscription must never have been interrupted`);
    }
    assert.equal(ines.log.find('client', 'connecting').length, 1, 'the client never reconnected');

    ines.close();
    await Promise.all(survivors.map((hub) => assertIdle(hub)));
  }, { watch, skip, timeoutMs: 45_000 });

scenarioTest('SIGTERM drain of the client\'s node: the SDK recovers through another node', async (s, t) => {
  const nodes = await cluster.ensure(2);
  const drained = nodes[0];
  const survivors = nodes.slice(1);
  const channels = channelsFor('drained');
  const front = await s.forwarder(drained);
  const jon = s.client(front, { name: 'jon', token: connectionToken('jon', JWT_SECRET) }).connect();
  await subscribeAll(jon, channels);

  const steady = new ReliablePublisher('b-loop', () => survivors);
  const missed = new ReliablePublisher('b-missed', () => survivors);
  const publishers = [steady, missed];
  const loop = keepPublishing(steady, channels);
  try {
    await sleep(300);
    const mark = jon.log.entries.length;
    const termAt = Date.now();
    let exitedAt = null;
    const exited = drained.terminate().then((status) => {
      exitedAt = Date.now();
      return status;
    });
    const connecting = await jon.log.waitForEvent('client', 'connecting', { from: mark, timeoutMs: 5_000 });
    assert.equal(connecting.ctx.code, 3001, 'a drain closes sessions with 3001');
    const closedAt = connecting.at;
    // The client is away (the draining node refuses its upgrades): these cannot reach it live.
    await missed.publishEach(channels, 2);
    // A balancer takes the node out as soon as its /ready fails, while it is still draining
    // and leaving the cluster: the SDK recovers while the stream entries change owners.
    assert.equal(await drained.isReady(), false, 'a draining node is not ready');
    front.setTarget(survivors[0].port);
    const switchedAt = Date.now();
    s.note(`front now targets ${survivors[0].nodeName}`);
    const { lastAt: recoveredAt, failedAttempts } = await waitRecoveredAll(jon, channels, mark);
    const exit = await exited;
    assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, 'a drain ends with exit 0');
    await cluster.waitMembers(survivors.length);
    await sleep(PUBLISH_AFTER_SETTLED_MS);
    await loop.stop();
    t.diagnostic(`SIGTERM -> 3001 after ${closedAt - termAt} ms; every channel recovered ${recoveredAt - switchedAt} `
      + `ms after the front switched (${recoveredAt - termAt} ms after SIGTERM, ${failedAttempts} subscribe errors `
      + `first); exit 0 after ${exitedAt - termAt} ms; `
      + `${faultReach(publishers, channels, termAt)}; ${publishers.map((p) => p.summary()).join('; ')}`);
  } finally {
    await Promise.allSettled([loop.stop()]);
  }

  try {
    await assertAllExactlyOnce(jon, channels, publishers);
  } catch (err) {
    err.message += `\n${failureDetail(publishers)}`;
    throw err;
  }
  assert.equal(jon.log.find('client', 'disconnected').length, 0, 'a drain must never look terminal to the SDK');

  jon.close();
  await Promise.all(survivors.map((hub) => assertIdle(hub)));
}, { watch, skip, timeoutMs: 40_000 });

scenarioTest('kill -9 of the client\'s node: the SDK recovers through another node', async (s, t) => {
  const nodes = await cluster.ensure(2);
  const victim = nodes[0];
  const survivors = nodes.slice(1);
  const channels = channelsFor('own-dies');
  const front = await s.forwarder(victim);
  const kim = s.client(front, { name: 'kim', token: connectionToken('kim', JWT_SECRET) }).connect();
  await subscribeAll(kim, channels);

  const steady = new ReliablePublisher('c-loop', () => survivors);
  const missed = new ReliablePublisher('c-missed', () => survivors);
  const publishers = [steady, missed];
  const loop = keepPublishing(steady, channels);
  try {
    await sleep(300);
    const mark = kim.log.entries.length;
    const killedAt = Date.now();
    await victim.kill();
    s.note(`killed ${victim.nodeName} (SIGKILL)`);
    const connecting = await kim.log.waitForEvent('client', 'connecting', { from: mark, timeoutMs: 5_000 });
    const droppedAt = connecting.at;
    await missed.publishEach(channels, 2);
    const missedAt = Date.now();
    front.setTarget(survivors[0].port);
    const switchedAt = Date.now();
    s.note(`front now targets ${survivors[0].nodeName}`);
    const { lastAt: recoveredAt, failedAttempts } = await waitRecoveredAll(kim, channels, mark);
    await cluster.waitMembers(survivors.length);
    await sleep(PUBLISH_AFTER_SETTLED_MS);
    await loop.stop();
    t.diagnostic(`connection dropped ${droppedAt - killedAt} ms after the kill; the publications missed were `
      + `acknowledged ${missedAt - killedAt} ms after it; every channel recovered ${recoveredAt - switchedAt} ms `
      + `after the front switched (${recoveredAt - killedAt} ms after the kill, ${failedAttempts} subscribe errors `
      + 'first); '
      + `${faultReach(publishers, channels, killedAt)}; ${publishers.map((p) => p.summary()).join('; ')}`);
  } finally {
    await Promise.allSettled([loop.stop()]);
  }

  try {
    await assertAllExactlyOnce(kim, channels, publishers);
  } catch (err) {
    err.message += `\n${failureDetail(publishers)}`;
    throw err;
  }

  kim.close();
  await Promise.all(survivors.map((hub) => assertIdle(hub)));
}, { watch, skip, timeoutMs: 120_000 }); // may start a node first

scenarioTest('after the whole cluster restarted the SDK is told recovered:false, with the new epoch', async (s, t) => {
  const nodes = await cluster.ensure(1);
  const channels = channelsFor('restarted').slice(0, 2);
  const front = await s.forwarder(nodes[0]);
  const lea = s.client(front, { name: 'lea', token: connectionToken('lea', JWT_SECRET) }).connect();
  await subscribeAll(lea, channels);
  const before = new ReliablePublisher('r-before', () => cluster.live());
  await before.publishEach(channels, 3);
  for (const channel of channels) {
    await waitDelivered(lea, channel, before.ackedOn(channel));
  }
  const oldEpochs = Object.fromEntries(channels.map((c) => [c, before.ackedOn(c)[0].epoch]));

  const mark = lea.log.entries.length;
  front.setTarget(null); // nothing to connect to while the cluster is down
  await Promise.all(cluster.live().map((hub) => hub.kill()));
  s.note('killed every node');
  await lea.log.waitForEvent('client', 'connecting', { from: mark });
  const restartAt = Date.now();
  const fresh = await cluster.grow(2);
  s.note(`restarted as ${fresh.map((h) => h.nodeName).join(', ')}`);
  front.setTarget(fresh[0].port);
  for (const channel of channels) {
    await lea.log.waitForEvent(channel, 'subscribed', { from: mark, timeoutMs: RECOVERY_TIMEOUT_MS });
  }
  t.diagnostic(`new cluster ready ${Date.now() - restartAt} ms after the restart began`);

  const afterRestart = new ReliablePublisher('r-after', () => [fresh[1]]);
  for (const channel of channels) {
    const [resubscribed, ...more] = lea.log.find(channel, 'subscribed', mark);
    assert.equal(more.length, 0, `${channel}: subscribed once after the restart`);
    assert.equal(resubscribed.ctx.wasRecovering, true, 'the SDK asked to recover its position');
    assert.equal(resubscribed.ctx.recovered, false, `${channel}: a stream lost with the cluster cannot be recovered`);
    assert.notEqual(resubscribed.ctx.streamPosition.epoch, oldEpochs[channel], 'the restarted stream has a new epoch');
    assert.equal(resubscribed.ctx.hasRecoveredPublications, false);
    const epoch = resubscribed.ctx.streamPosition.epoch;
    await afterRestart.publishEach([channel], 2);
    assert.deepEqual(afterRestart.ackedOn(channel).map((a) => a.epoch), [epoch, epoch],
      'publications after the restart are in the epoch the SDK was given');
    await waitDelivered(lea, channel, afterRestart.ackedOn(channel));
    assert.deepEqual(lea.received(channel, mark), afterRestart.ackedOn(channel).map((a) => ({ offset: a.offset,
      data: a.data })), `${channel}: after the restart only the new stream's publications, once each`);
  }

  lea.close();
  await Promise.all(fresh.map((hub) => assertIdle(hub)));
}, { watch, skip, timeoutMs: 120_000 }); // starts two nodes
