'use strict';

// Most publishers send no idempotency key and do not retry. When a node dies, what such a
// publisher was told was stored (an offset) must be stored and delivered once, and a
// publication whose call failed at most once: one HTTP publish must never become two
// publications. Rounds of kill -9 under keyless load (a fresh node joins between rounds;
// three by default, KEYLESS_ROUNDS=N for more); the test fails at the first publication
// found twice in a stream, in /api/history or on the SDK's side.
//
// Today a duplicate turned up in 4 of 16 kills measured on a loaded 2-core machine (one
// HTTP publish, acknowledged once, stored at two offsets), so three rounds fail about
// half the runs; proving a fix takes more rounds.

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { JWT_SECRET, STREAM_NAMESPACE, stopAllHubs } = require('../lib/hub_process');
const { HubCluster } = require('../lib/hub_cluster');
const { FORMAT } = require('../lib/format');
const { connectionToken } = require('../lib/jwt');
const { ReliablePublisher } = require('../lib/reliable_publisher');
const { scenarioTest } = require('../lib/scenario');
const { sleep } = require('../lib/deadlines');
const { assertExactlyOnceInOrder, assertIdle, waitDelivered } = require('../lib/stream_checks');

const ROUNDS = Number(process.env.KEYLESS_ROUNDS) || 3;
const CHANNELS = 16;
const PUBLISHERS = 12;
const PUBLISH_BEFORE_KILL_MS = 1_500;
const PUBLISH_AFTER_SETTLED_MS = 1_500;
const SUB_OPTIONS = { minResubscribeDelay: 100, maxResubscribeDelay: 500 };

// The JSON pass only, as streams_cluster.test.js: the store does not know the client's format.
const skip = FORMAT === 'protobuf' ? 'clustered stream faults run in the JSON pass only' : false;

const cluster = new HubCluster('keyless');
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

/** Every publication stored twice in `channel`'s stream, as `/api/history` on `hub` lists it. */
async function storedTwice(hub, channel) {
  const reply = await hub.api('history', { channel, limit: -1 });
  const firstAt = new Map();
  const twice = [];
  for (const p of reply.result.publications) {
    const key = JSON.stringify(p.data);
    if (firstAt.has(key)) {
      twice.push({ channel, data: p.data, offsets: [firstAt.get(key), p.offset] });
    } else {
      firstAt.set(key, p.offset);
    }
  }
  return twice;
}

scenarioTest('a keyless publish is stored and delivered once when a node is killed under load', async (s, t) => {
  for (let round = 1; round <= ROUNDS; round++) {
    const nodes = await cluster.ensure(3);
    const home = nodes[0];
    const victim = nodes[nodes.length - 1];
    const survivors = nodes.filter((n) => n !== victim);
    const run = Date.now().toString(36);
    const channels = Array.from({ length: CHANNELS }, (_, i) => `${STREAM_NAMESPACE}:keyless-${round}-${i}-${run}`);
    const client = s.client(home, { name: `mia-${round}`, token: connectionToken('mia', JWT_SECRET) }).connect();
    for (const channel of channels) {
      client.subscribe(channel, SUB_OPTIONS);
    }
    for (const channel of channels) {
      await client.log.waitForEvent(channel, 'subscribed');
    }

    const publishers = Array.from({ length: PUBLISHERS },
      (_, i) => new ReliablePublisher(`k${round}-${i}`, () => survivors, { idempotent: false }));
    const loops = publishers.map((p, i) => {
      const running = p.runUntilStopped([...channels.slice(i), ...channels.slice(0, i)], { pauseMs: 0 });
      running.catch(() => {});
      return running;
    });
    try {
      await sleep(PUBLISH_BEFORE_KILL_MS);
      const killedAt = Date.now();
      await victim.kill();
      s.note(`round ${round}: killed ${victim.nodeName}`);
      await cluster.waitMembers(survivors.length);
      await sleep(PUBLISH_AFTER_SETTLED_MS);
      const inFlight = publishers.reduce((n, p) => n + p.inFlightAt(killedAt).length, 0);
      t.diagnostic(`round ${round}: killed ${victim.nodeName}; ${inFlight} acknowledged publications were in flight `
        + `at the kill; ${publishers.reduce((n, p) => n + p.acks.length, 0)} acknowledged, `
        + `${publishers.reduce((n, p) => n + p.unknown.length, 0)} of unknown outcome`);
    } finally {
      publishers.forEach((p) => p.stop());
      await Promise.allSettled(loops);
    }

    const acksOf = (channel) => publishers.flatMap((p) => p.ackedOn(channel)).sort((a, b) => a.offset - b.offset);
    const twice = [];
    for (const channel of channels) {
      twice.push(...await storedTwice(survivors[0], channel));
    }
    for (const dup of twice) {
      const ack = acksOf(dup.channel).find((a) => JSON.stringify(a.data) === JSON.stringify(dup.data));
      dup.acknowledged = ack ? { offset: ack.offset, via: ack.via, ms: ack.ms } : 'no (the call failed)';
    }
    assert.deepEqual(twice, [], `round ${round}: keyless publications stored twice after ${victim.nodeName} was killed`);
    for (const channel of channels) {
      await waitDelivered(client, channel, acksOf(channel), { timeoutMs: 15_000 });
      const maybe = publishers.flatMap((p) => p.unknownOn(channel));
      assertExactlyOnceInOrder(client, channel, acksOf(channel), { maybe });
    }
    client.close();
    await Promise.all(survivors.map((hub) => assertIdle(hub)));
  }
}, { watch, skip, timeoutMs: 30_000 + ROUNDS * 100_000 }); // a node start per round
