'use strict';

const assert = require('node:assert/strict');
const { HubProcess } = require('./hub_process');
const { waitUntil } = require('./deadlines');

// What "recovered" means to the person using the SDK, checked on what the SDK emitted:
// every acknowledged publication arrives exactly once, in offset order, with its data, and
// each resubscribe after the fault says it recovered.

/**
 * Waits until `client` received, on `channel`, every publication in `acks` (the same
 * offset with the same data: an offset alone could belong to an earlier epoch).
 */
async function waitDelivered(client, channel, acks, { timeoutMs = 10_000 } = {}) {
  const key = (offset, data) => `${offset}:${JSON.stringify(data)}`;
  const wanted = acks.map((a) => key(a.offset, a.data));
  await waitUntil(`${client.log.name} to receive offsets ${summarise(acks.map((a) => a.offset))} on ${channel}`, () => {
    const seen = new Set(client.received(channel).map((p) => key(p.offset, p.data)));
    return wanted.every((k) => seen.has(k));
  }, { timeoutMs, intervalMs: 50 });
}

/**
 * The publications `client` got on `channel` are exactly `acks` (from every publisher of
 * that channel, all in one epoch), each once, in offset order, with the published data,
 * and the offsets have no hole: a lost publication shows as a gap, a repeated one as an
 * offset that does not increase. `maybe` lists publications whose outcome the publisher
 * does not know (no idempotency key, the call failed): each may appear once, or not at all.
 */
function assertExactlyOnceInOrder(client, channel, acks, { maybe = [] } = {}) {
  const received = client.received(channel);
  const where = `${client.log.name} on ${channel}`;
  for (let i = 1; i < received.length; i++) {
    assert.equal(received[i].offset, received[i - 1].offset + 1,
      `${where}: publication #${i} has offset ${received[i].offset} after ${received[i - 1].offset} `
      + `(offsets received: ${summarise(received.map((p) => p.offset))})`);
  }
  const seenData = new Map();
  for (const p of received) {
    const key = JSON.stringify(p.data);
    assert.ok(!seenData.has(key), `${where}: ${key} delivered twice, at offsets ${seenData.get(key)} and ${p.offset}`);
    seenData.set(key, p.offset);
  }
  const possible = new Set(maybe.map((m) => JSON.stringify(m.data)));
  const expected = [...acks].sort((a, b) => a.offset - b.offset).map((a) => ({ offset: a.offset, data: a.data }));
  const delivered = received.filter((p) => !possible.has(JSON.stringify(p.data)));
  assert.deepEqual(delivered, expected, `${where}: received publications differ from the acknowledged ones`);
}

/**
 * The `subscribed` events of `channel` at or after log index `from`: at least one, and
 * every one of them a successful recovery. Returns the last.
 */
function assertRecovered(client, channel, from, { withPublications = true } = {}) {
  const subscribed = client.log.find(channel, 'subscribed', from);
  assert.ok(subscribed.length > 0, `${client.log.name}: no 'subscribed' on ${channel} after the fault`);
  for (const e of subscribed) {
    assert.equal(e.ctx.wasRecovering, true, `${client.log.name}: ${channel} resubscribed without recovering`);
    assert.equal(e.ctx.recovered, true,
      `${client.log.name}: ${channel} resubscribed with recovered:${e.ctx.recovered} ${JSON.stringify(e.ctx)}`);
  }
  const last = subscribed.at(-1);
  if (withPublications) {
    assert.equal(last.ctx.hasRecoveredPublications, true, `${client.log.name}: ${channel} recovered nothing, `
      + 'though publications were made while it was away');
  }
  return last;
}

/** The readings that must be back at their idle values once no client is left. */
async function idleReadings(hub) {
  const m = await hub.metrics();
  return {
    hub_sessions_live: HubProcess.metricSum(m, 'hub_sessions_live'),
    hub_sessions_preconnect: HubProcess.metricSum(m, 'hub_sessions_preconnect'),
    hub_subscriptions_live: HubProcess.metricSum(m, 'hub_subscriptions_live'),
    hub_channels_live: HubProcess.metricSum(m, 'hub_channels_live'),
    hub_timers_live: HubProcess.metricSum(m, 'hub_timers_live'),
    'opened - closed - live': HubProcess.metricSum(m, 'hub_sessions_opened_total')
      - HubProcess.metricSum(m, 'hub_sessions_closed_total') - HubProcess.metricSum(m, 'hub_sessions_live'),
  };
}

/** Records what a freshly started hub reads, so that assertIdle knows its timer count. */
async function recordIdleBaseline(hub) {
  hub.idleBaseline = await idleReadings(hub);
  return hub.idleBaseline;
}

/**
 * Waits until `hub` holds nothing for clients: no session, subscription or channel, only
 * the timers it had when it started, and every opened session counted as closed.
 */
async function assertIdle(hub, { timeoutMs = 10_000 } = {}) {
  const baselineTimers = hub.idleBaseline ? hub.idleBaseline.hub_timers_live : undefined;
  const idle = {
    hub_sessions_live: 0, hub_sessions_preconnect: 0, hub_subscriptions_live: 0, hub_channels_live: 0,
    hub_timers_live: baselineTimers, 'opened - closed - live': 0,
  };
  let last;
  try {
    await waitUntil(`${hub.nodeName} at idle`, async () => {
      last = await idleReadings(hub);
      if (baselineTimers === undefined) {
        idle.hub_timers_live = last.hub_timers_live;
      }
      return Object.keys(idle).every((k) => last[k] === idle[k]);
    }, { timeoutMs, intervalMs: 200 });
  } catch (err) {
    assert.deepEqual(last, idle, `${hub.nodeName} not back at idle: ${err.message}`);
  }
}

function summarise(offsets) {
  if (offsets.length <= 12) {
    return `[${offsets.join(',')}]`;
  }
  return `[${offsets.slice(0, 5).join(',')},...(${offsets.length - 10} more)...,${offsets.slice(-5).join(',')}]`;
}

module.exports = {
  waitDelivered, assertExactlyOnceInOrder, assertRecovered, assertIdle, recordIdleBaseline, idleReadings,
};
