'use strict';

// Backends in the connection's life (issue 9) as the stock SDK sees them: a connect proxy
// admits a client without a token, a subscribe proxy refuses, the rpc proxy answers, the
// publish proxy rewrites, a `$` channel takes a subscription token from getToken and keeps
// it fresh with sub_refresh, server-side subscriptions from the token's `channels` deliver
// publications, and a connect proxy that is down gives a temporary error the SDK retries.

const assert = require('node:assert/strict');
const { after, before } = require('node:test');
const { HubProcess, JWT_SECRET, stopAllHubs } = require('../lib/hub_process');
const { signHs256, connectionToken } = require('../lib/jwt');
const { sleep, waitUntil } = require('../lib/deadlines');
const { encodeData, decodeData } = require('../lib/format');
const { SERVER_SIDE } = require('../lib/recorded_client');
const { ProxyBackend } = require('../lib/proxy_backend');
const { scenarioTest } = require('../lib/scenario');
const { assertIdle, recordIdleBaseline } = require('../lib/stream_checks');

// Short, so that a subscription token that was not refreshed would visibly end within a test.
const EXPIRED_CLOSE_DELAY_MS = 1_000;

let hub;
let backend;
before(async () => {
  backend = await ProxyBackend.start();
  const proxies = {};
  for (const kind of ['connect', 'rpc', 'subscribe', 'publish']) {
    proxies[kind] = { endpoint: backend.endpoint(kind), timeoutMs: 1_000 };
  }
  hub = await HubProcess.start({
    nodeName: 'compat-proxies',
    extraConfig: {
      proxies,
      client: { connectProxy: 'connect', rpcProxy: 'rpc', expiredCloseDelayMs: EXPIRED_CLOSE_DELAY_MS },
      channels: {
        namespaces: {
          px: { allowSubscribe: false, subscribeProxy: 'subscribe', publishProxy: 'publish' },
          secret: { subscribeToken: 'required' },
        },
      },
    },
  });
  await recordIdleBaseline(hub);
});
after(async () => {
  await stopAllHubs();
  await backend.close();
});
const watch = () => [hub];

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

scenarioTest('a client without a token connects through the connect proxy', async (s) => {
  backend.answer('connect', () => ({ result: { user: 'proxy-user', data: { welcome: true } } }));
  const before = backend.requests('connect').length;
  const anon = s.client(hub, { name: 'anon' }).connect();
  const connected = await anon.connected();
  assert.deepEqual(decodeData(connected.data), { welcome: true }, 'the proxy data reaches the connected event');
  const request = backend.requests('connect')[before];
  assert.equal(request.body.client, connected.client);
  assert.equal(request.body.transport, 'websocket');
  anon.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('a subscribe refused by the proxy: temporary gives the SDK error and a retry, final gives unsubscribed', async (s) => {
  // SDK 5.8.0 emits `error` only for a temporary refusal (then resubscribes); a final one is `unsubscribed`.
  let calls = 0;
  backend.answer('subscribe', () => {
    calls += 1;
    return { error: { code: 1403, message: 'not for you', temporary: calls === 1 } };
  });
  const bob = s.client(hub, { name: 'bob', token: connectionToken('bob', JWT_SECRET) }).connect();
  bob.subscribe('px:vault', { minResubscribeDelay: 100, maxResubscribeDelay: 200 });
  const error = await bob.log.waitForEvent('px:vault', 'error');
  assert.equal(error.ctx.error.code, 1403);
  assert.equal(error.ctx.error.temporary, true);
  const unsubscribed = await bob.log.waitForEvent('px:vault', 'unsubscribed');
  assert.equal(unsubscribed.ctx.code, 1403, 'a non-temporary custom code is terminal for the subscription');
  assert.equal(unsubscribed.ctx.reason, 'not for you');
  assert.equal(calls, 2, 'asked again after the temporary refusal, not after the final one');
  assert.equal(backend.requests('subscribe').at(-1).body.user, 'bob');
  bob.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('rpc round trip through the rpc proxy', async (s) => {
  backend.answer('rpc', (body) => ({ result: { data: { sum: body.data.a + body.data.b, method: body.method } } }));
  const carol = s.client(hub, { name: 'carol', token: connectionToken('carol', JWT_SECRET) }).connect();
  await carol.connected();
  const reply = await carol.centrifuge.rpc('sum', encodeData({ a: 1, b: 2 }));
  assert.deepEqual(decodeData(reply.data), { sum: 3, method: 'sum' });
  backend.answer('rpc', () => ({ error: { code: 1500, message: 'no such method' } }));
  await assert.rejects(carol.centrifuge.rpc('nope', encodeData({})), (err) => err.code === 1500);
  carol.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('a publication rewritten by the publish proxy reaches subscribers rewritten', async (s) => {
  backend.answer('subscribe', () => ({ result: {} }));
  backend.answer('publish', (body) => ({ result: { data: { text: body.data.text.replace(/rude/g, '****') } } }));
  const dave = s.client(hub, { name: 'dave', token: connectionToken('dave', JWT_SECRET) }).connect();
  const erin = s.client(hub, { name: 'erin', token: connectionToken('erin', JWT_SECRET) }).connect();
  const daveSub = dave.subscribe('px:room');
  erin.subscribe('px:room');
  await dave.log.waitForEvent('px:room', 'subscribed');
  await erin.log.waitForEvent('px:room', 'subscribed');
  await daveSub.publish({ text: 'a rude word' });
  const pub = await erin.log.waitForEvent('px:room', 'publication');
  assert.deepEqual(pub.ctx.data, { text: 'a **** word' });
  assert.equal(pub.ctx.info.user, 'dave');
  dave.close();
  erin.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('a $ channel subscribes with a getToken token and stays subscribed through sub_refresh', async (s) => {
  const channel = '$secret:plans';
  let tokens = 0;
  const frank = s.client(hub, { name: 'frank', token: connectionToken('frank', JWT_SECRET) }).connect();
  frank.subscribe(channel, {
    getToken: async (ctx) => {
      tokens += 1;
      assert.equal(ctx.channel, channel);
      return signHs256({ sub: 'frank', channel, exp: nowSeconds() + 2 }, JWT_SECRET);
    },
  });
  await frank.log.waitForEvent(channel, 'subscribed');
  // Without a refresh the subscription would end (2501) at exp + 1 s; the SDK refreshes at its ttl.
  await waitUntil('the SDK to fetch a second token', () => tokens >= 2, { timeoutMs: 8_000 });
  await sleep(EXPIRED_CLOSE_DELAY_MS + 1_500);
  assert.equal(frank.log.find(channel, 'unsubscribed').length, 0, 'refreshed in time: never unsubscribed');
  await hub.publish(channel, { still: 'here' });
  const pub = await frank.log.waitForEvent(channel, 'publication');
  assert.deepEqual(pub.ctx.data, { still: 'here' });
  frank.close();
  await assertIdle(hub);
}, { watch, timeoutMs: 25_000 });

scenarioTest('a namespace that requires a subscription token refuses a subscribe without one (103)', async (s) => {
  const gina = s.client(hub, { name: 'gina', token: connectionToken('gina', JWT_SECRET) }).connect();
  gina.subscribe('secret:room');
  const unsubscribed = await gina.log.waitForEvent('secret:room', 'unsubscribed');
  assert.equal(unsubscribed.ctx.code, 103);
  gina.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('server-side subscriptions from the token channels claim deliver publications', async (s) => {
  const token = signHs256({ sub: 'hank', exp: nowSeconds() + 3600, channels: ['chat:server-side'] }, JWT_SECRET);
  const hank = s.client(hub, { name: 'hank', token }).connect();
  const subscribed = await hank.log.waitForEvent(SERVER_SIDE, 'subscribed');
  assert.equal(subscribed.ctx.channel, 'chat:server-side');
  await hub.publish('chat:server-side', { pushed: 1 });
  const pub = await hank.log.waitForEvent(SERVER_SIDE, 'publication');
  assert.equal(pub.ctx.channel, 'chat:server-side');
  assert.deepEqual(pub.ctx.data, { pushed: 1 });
  // Later ones through the server API.
  await hub.api('subscribe', { user: 'hank', channel: 'chat:later' });
  await hank.log.waitForEvent(SERVER_SIDE, 'subscribed', { where: (ctx) => ctx.channel === 'chat:later' });
  await hub.publish('chat:later', { pushed: 2 });
  await hank.log.waitForEvent(SERVER_SIDE, 'publication', { where: (ctx) => ctx.channel === 'chat:later' });
  hank.close();
  await assertIdle(hub);
}, { watch });

scenarioTest('a connect proxy that is down gives a temporary error; the SDK retries and connects once it is back', async (s) => {
  let calls = 0;
  backend.answer('connect', () => {
    calls += 1;
    return calls <= 2 ? { status: 503 } : { result: { user: 'patient' } };
  });
  const ivan = s.client(hub, { name: 'ivan' }).connect();
  const connected = await ivan.connected({ timeoutMs: 10_000 });
  assert.ok(calls >= 3, `connected on the third call, after two failures (calls: ${calls})`);
  const errors = ivan.log.find('client', 'error').filter((e) => e.ctx.type === 'connect');
  assert.ok(errors.length >= 2 && errors.every((e) => e.ctx.error.code === 100 && e.ctx.error.temporary),
    'each failure reached the SDK as temporary error 100');
  assert.notEqual(connected.client, '');
  assert.equal(ivan.log.find('client', 'disconnected').length, 0, 'temporary: never terminal');
  ivan.close();
  await assertIdle(hub);
}, { watch });
