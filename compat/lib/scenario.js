'use strict';

const { test } = require('node:test');
const { deadline } = require('./deadlines');
const { HubProcess } = require('./hub_process');
const { RecordedClient } = require('./recorded_client');
const { TcpForwarder } = require('./tcp_forwarder');

const DEFAULT_SCENARIO_MS = 15_000;
// node:test's own timeout only marks the test failed; it cannot run our clean-up. The
// scenario deadline fires first so the finally block always closes clients and hubs.
const RUNNER_TIMEOUT_SLACK_MS = 2_000;

/**
 * What one test created: clients to disconnect, hubs it owns (killed at the end) and hubs
 * it only uses (shared per file). On failure it prints the SDK event logs and what each
 * hub printed while the test ran, because a compatibility failure is usually explained by
 * the hub's side of the story.
 */
class Scenario {
  constructor(name) {
    this.name = name;
    this.startedAt = Date.now();
    this.clients = [];
    this.ownedHubs = [];
    this.watchedHubs = [];
    this.forwarders = [];
    this.notes = [];
  }

  /** A line for the failure report (what the test did, and when). */
  note(text) {
    this.notes.push(`  +${Date.now() - this.startedAt}ms ${text}`);
  }

  /** A TCP front on 127.0.0.1 forwarding to `hub` (see TcpForwarder); closed when the test ends. */
  async forwarder(hub, name = 'front') {
    const forwarder = await TcpForwarder.start(hub.port, name);
    this.forwarders.push(forwarder);
    return forwarder;
  }

  /** Starts a hub that lives only as long as this test. */
  async startHub(options) {
    const hub = await HubProcess.start(options);
    this.ownHub(hub);
    return hub;
  }

  ownHub(hub) {
    this.ownedHubs.push(hub);
    return hub;
  }

  /** A hub shared by the file's tests: reported on failure, not stopped. */
  watchHub(hub) {
    this.watchedHubs.push(hub);
    return hub;
  }

  /** A recorded SDK client of `target`: a hub, or a forwarder in front of hubs (anything with `wsUrl`). */
  client(target, options = {}) {
    const name = options.name || `client-${this.clients.length + 1}`;
    const client = new RecordedClient(target.wsUrl, { ...options, name: `${name} (${this.name})` });
    this.clients.push(client);
    return client;
  }

  report(err) {
    const parts = [`\n===== compat failure: ${this.name} =====`, String(err && err.stack ? err.stack : err)];
    if (this.notes.length > 0) {
      parts.push(`--- test notes ---\n${this.notes.join('\n')}`);
    }
    for (const client of this.clients) {
      parts.push(client.log.format());
    }
    for (const forwarder of this.forwarders) {
      parts.push(forwarder.format());
    }
    for (const hub of this.ownedHubs) {
      const status = hub.exitStatus === null ? 'still running' : `exited ${JSON.stringify(hub.exitStatus)}`;
      parts.push(`command: ${hub.command} (${status})`, hub.outputText());
    }
    for (const hub of this.watchedHubs) {
      parts.push(hub.outputText(this.startedAt));
    }
    process.stderr.write(`${parts.join('\n')}\n===== end of ${this.name} =====\n`);
  }

  async close() {
    for (const client of this.clients) {
      client.close();
    }
    await Promise.all(this.forwarders.map((f) => f.close()));
    await Promise.all(this.ownedHubs.map((hub) => hub.kill()));
  }
}

/**
 * A node:test test that gets a Scenario, is bounded by `timeoutMs`, reports logs on
 * failure and always releases what it created. `body` may call `t.skip()` and return;
 * `skip` (a reason) skips it without running anything.
 */
function scenarioTest(name, body, { timeoutMs = DEFAULT_SCENARIO_MS, watch = () => [], skip = false } = {}) {
  test(name, { timeout: timeoutMs + RUNNER_TIMEOUT_SLACK_MS, skip }, async (t) => {
    const scenario = new Scenario(name);
    for (const hub of watch()) {
      scenario.watchHub(hub);
    }
    const limit = deadline(timeoutMs, `test "${name}"`);
    try {
      await Promise.race([body(scenario, t), limit.promise]);
    } catch (err) {
      scenario.report(err);
      throw err;
    } finally {
      limit.cancel();
      await scenario.close();
    }
  });
}

module.exports = { scenarioTest, Scenario };
