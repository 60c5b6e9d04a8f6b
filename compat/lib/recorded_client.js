'use strict';

const WebSocket = require('ws');
const { Centrifuge, FORMAT, encodeData, decodeContext } = require('./format');

const DEFAULT_WAIT_MS = 10_000;
const CLIENT_EVENTS = ['connecting', 'connected', 'disconnected', 'error'];
const SUBSCRIPTION_EVENTS = ['subscribing', 'subscribed', 'unsubscribed', 'publication', 'error'];
// Server-side subscriptions (connect token `channels`, /api/subscribe) report on the client object itself.
const SERVER_SIDE_EVENTS = ['subscribing', 'subscribed', 'unsubscribed', 'publication'];
const SERVER_SIDE = 'server-side';

/**
 * Everything the SDK told us, in order. Tests wait on entries instead of attaching
 * one-shot listeners because the SDK often emits an event before the test gets round to
 * listening for it (a reconnect can finish within one event-loop turn of the close).
 */
class EventLog {
  constructor(name) {
    this.name = name;
    this.entries = [];
    this.waiters = new Set();
    this.startedAt = Date.now();
  }

  add(source, type, ctx) {
    const entry = { index: this.entries.length, at: Date.now(), source, type, ctx };
    this.entries.push(entry);
    for (const waiter of [...this.waiters]) {
      waiter.offer(entry);
    }
  }

  /** Entries matching `source`/`type`, optionally only those at or after index `from`. */
  find(source, type, from = 0) {
    return this.entries.filter((e) => e.index >= from && e.source === source && e.type === type);
  }

  /**
   * Resolves with the first entry at or after index `from` for which `matches` is true,
   * looking at past entries first; rejects after `timeoutMs` with the whole log quoted.
   */
  waitFor(description, matches, { from = 0, timeoutMs = DEFAULT_WAIT_MS } = {}) {
    const past = this.entries.find((e) => e.index >= from && matches(e));
    if (past) {
      return Promise.resolve(past);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        offer: (entry) => {
          if (entry.index >= from && matches(entry)) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            resolve(entry);
          }
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${this.name}: no ${description} within ${timeoutMs} ms\n${this.format()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  waitForEvent(source, type, { where = () => true, from = 0, timeoutMs } = {}) {
    return this.waitFor(`${source} '${type}' event`, (e) => e.source === source && e.type === type && where(e.ctx),
      { from, timeoutMs });
  }

  format() {
    const lines = this.entries.map((e) => `  +${e.at - this.startedAt}ms ${e.source} ${e.type} ${describe(e.ctx)}`);
    return `--- SDK events of ${this.name} ---\n${lines.length ? lines.join('\n') : '  (none)'}`;
  }
}

function describe(ctx) {
  try {
    return JSON.stringify(ctx, (key, value) => (value instanceof Error ? value.message : value));
  } catch {
    return String(ctx);
  }
}

/**
 * A stock centrifuge-js client (with `ws`, as a Node app would use it) whose every
 * client and subscription event lands in an EventLog. Short reconnect delays keep the
 * reconnect tests quick without changing what the SDK decides. With HUB_CLIENT_FORMAT=protobuf
 * it is the SDK's protobuf build (see format.js): payloads are logged decoded and published
 * encoded, so tests read the same in both formats.
 */
class RecordedClient {
  constructor(wsUrl, { name = 'client', token, getToken } = {}) {
    this.log = new EventLog(name);
    const options = { websocket: WebSocket, minReconnectDelay: 100, maxReconnectDelay: 500 };
    if (token !== undefined) {
      options.token = token;
    }
    if (getToken !== undefined) {
      options.getToken = getToken;
    }
    this.centrifuge = new Centrifuge(wsUrl, options);
    for (const type of CLIENT_EVENTS) {
      this.centrifuge.on(type, (ctx) => this.log.add('client', type, ctx));
    }
    for (const type of SERVER_SIDE_EVENTS) {
      this.centrifuge.on(type, (ctx) => this.log.add(SERVER_SIDE, type, decodeContext(ctx)));
    }
  }

  get state() {
    return this.centrifuge.state;
  }

  connect() {
    this.centrifuge.connect();
    return this;
  }

  /** Resolves with the `connected` context of the first connection after log index `from`. */
  async connected({ from = 0, timeoutMs } = {}) {
    return (await this.log.waitForEvent('client', 'connected', { from, timeoutMs })).ctx;
  }

  /**
   * A subscription whose events are logged with the channel name as their source.
   * `options` go to the SDK as they are (e.g. short resubscribe delays).
   */
  subscribe(channel, options = {}) {
    const sub = this.centrifuge.newSubscription(channel, options);
    for (const type of SUBSCRIPTION_EVENTS) {
      sub.on(type, (ctx) => this.log.add(channel, type, decodeContext(ctx)));
    }
    if (FORMAT === 'protobuf') {
      const publish = sub.publish.bind(sub);
      sub.publish = (data) => publish(encodeData(data));
      const history = sub.history.bind(sub);
      sub.history = async (opts) => {
        const result = await history(opts);
        return { ...result, publications: result.publications.map(decodeContext) };
      };
    }
    sub.subscribe();
    return sub;
  }

  /** `{ offset, data }` of every publication received on `channel` at or after log index `from`. */
  received(channel, from = 0) {
    return this.log.find(channel, 'publication', from).map((e) => ({ offset: e.ctx.offset, data: e.ctx.data }));
  }

  /** The `data` of every publication received on `channel`, in arrival order. */
  publications(channel) {
    return this.log.find(channel, 'publication').map((e) => e.ctx.data);
  }

  close() {
    // disconnect() is terminal for the SDK: no reconnect timer survives the test.
    this.centrifuge.disconnect();
  }
}

module.exports = { RecordedClient, EventLog, SERVER_SIDE };
