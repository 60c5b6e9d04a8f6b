'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { sleep } = require('./deadlines');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HUB_JAR = path.resolve(process.env.HUB_JAR || path.join(REPO_ROOT, 'target', 'realtime-hub.jar'));

const JWT_SECRET = 'compat-suite-hmac-secret-of-32-bytes-or-more';
const API_KEY = 'compat-suite-api-key';
const DEFAULT_READY_TIMEOUT_MS = 20_000;
const DEFAULT_DRAIN_WINDOW_MS = 1_000;
const API_CALL_TIMEOUT_MS = 5_000;
const MAX_KEPT_OUTPUT_LINES = 2_000;
// A JVM that ignores SIGKILL for this long is gone for practical purposes; do not hang on it.
const KILL_WAIT_MS = 5_000;

// Every hub this process started and that has not exited yet. Test files stop them in
// `after`, and the exit hook below is the last resort for a runner that dies mid-test:
// an orphaned JVM would keep its port and skew the next run.
const runningHubs = new Set();
process.on('exit', () => {
  for (const hub of runningHubs) {
    hub.child.kill('SIGKILL');
  }
});

/** Asks the kernel for a free loopback port; the hub gets it on the command line. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The hub resolves cluster.xml against its working directory, so run it from the checkout
 * that built the jar (HUB_JAR=/x/target/realtime-hub.jar -> /x) when that looks like one,
 * else from the checkout this suite lives in.
 */
function hubWorkingDir() {
  if (process.env.HUB_CWD) {
    return path.resolve(process.env.HUB_CWD);
  }
  const builtIn = path.dirname(path.dirname(HUB_JAR));
  const looksLikeCheckout = ['pom.xml', 'cluster.xml'].some((f) => fs.existsSync(path.join(builtIn, f)));
  return looksLikeCheckout ? builtIn : REPO_ROOT;
}

// Channels `stream:...` of a hub started with `streams: true`: durable streams the stock SDK
// recovers by itself (forceRecovery) and may read with `sub.history()`. The history is
// larger than any test publishes and outlives every test, so only a lost stream (a new
// epoch) can make recovery fail.
const STREAM_NAMESPACE = 'stream';
const STREAM_OPTIONS = Object.freeze({
  historySize: 1_000,
  historyTtlMs: 600_000,
  forceRecovery: true,
  allowHistoryForSubscriber: true,
});

/**
 * The configuration contract from the brief; the hub rejects unknown keys, so nothing
 * extra. `streams` adds the `stream` namespace and leaves every other channel as it was.
 */
function hubConfig({ nodeName, port, drainWindowMs, streams = false, client = {}, extra = {} }) {
  const namespaces = { chat: { allowPublish: true } };
  if (streams) {
    namespaces[STREAM_NAMESPACE] = { ...STREAM_OPTIONS };
  }
  return mergeConfig({
    node: { name: nodeName },
    http: { host: '127.0.0.1', port },
    auth: { jwt: { pubSecKeys: [{ algorithm: 'HS256', buffer: JWT_SECRET }] } },
    api: { keys: [API_KEY] },
    client: { pingIntervalMs: 25_000, pongTimeoutMs: 8_000, connectTimeoutMs: 10_000, ...client },
    channels: {
      default: { allowSubscribe: true, allowPublish: false },
      namespaces,
    },
    shutdown: { drainWindowMs },
  }, extra);
}

/** `base` with `extra` merged in: objects merge key by key, anything else replaces. */
function mergeConfig(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const mine = out[key];
    const bothObjects = [mine, value].every((v) => v && typeof v === 'object' && !Array.isArray(v));
    out[key] = bothObjects ? mergeConfig(mine, value) : value;
  }
  return out;
}

/** The hub process exited before it became ready; carries what it printed so callers can decide. */
class HubStartError extends Error {
  constructor(hub, exit, why) {
    super(`hub ${hub.nodeName} did not become ready on port ${hub.port}: ${why}\n`
      + `command: ${hub.command}\n${hub.outputText()}`);
    this.exitCode = exit ? exit.code : null;
    this.stderr = hub.stderrText();
  }
}

/** One `java -jar realtime-hub.jar` child process and the HTTP surface the tests use. */
class HubProcess {
  constructor({ nodeName, port, clusterName, streams, client, extraConfig = {} }) {
    this.nodeName = nodeName;
    this.streams = Boolean(streams);
    this.client = client || {};
    this.extraConfig = extraConfig;
    this.extraJvmArgs = [];
    this.port = port;
    this.clusterName = clusterName || null;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/connection/websocket`;
    this.startedAt = Date.now();
    this.output = [];
    this.exitStatus = null;
    this.child = null;
    this.exited = null;
  }

  /**
   * Starts a hub and resolves once GET /ready answers 200. Rejects with HubStartError if
   * the process exits first or the deadline passes (the process is killed in that case).
   * `streams` adds the `stream` namespace to its config; `client` keys replace the `client`
   * defaults (a short ping interval, say); `extraConfig` is merged into the config (proxies...);
   * `extraJvmArgs` go before `-jar`.
   */
  static async start({ nodeName = 'compat-a', port, clusterName, drainWindowMs = DEFAULT_DRAIN_WINDOW_MS,
    readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS, streams = false, client = {}, extraJvmArgs = [],
    extraConfig = {} } = {}) {
    const hub = new HubProcess({ nodeName, port: port || await freePort(), clusterName, streams, client,
      extraConfig });
    hub.extraJvmArgs = extraJvmArgs;
    hub.spawn(drainWindowMs);
    try {
      await hub.waitReady(readyTimeoutMs);
    } catch (err) {
      await hub.kill();
      throw err;
    }
    return hub;
  }

  spawn(drainWindowMs) {
    if (!fs.existsSync(HUB_JAR)) {
      throw new Error(`hub jar not found at ${HUB_JAR}: build it (mvn -DskipTests package) or set HUB_JAR`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-compat-'));
    const configFile = path.join(dir, `${this.nodeName}.json`);
    const config = hubConfig({ nodeName: this.nodeName, port: this.port, drainWindowMs, streams: this.streams,
      client: this.client, extra: this.extraConfig });
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

    // Hazelcast would otherwise phone home and may pick a non-loopback interface; the
    // suite must only ever talk to 127.0.0.1. A small heap because `mvn verify` runs this
    // next to other JVMs, and a handful of clients needs little.
    const jvmArgs = ['-Xmx256m', '-Dhazelcast.phone.home.enabled=false', '-Dhazelcast.local.localAddress=127.0.0.1',
      ...this.extraJvmArgs];
    const args = [...jvmArgs, '-jar', HUB_JAR, '-conf', configFile];
    if (this.clusterName) {
      args.push('-cluster', `--cluster.name=${this.clusterName}`);
    }
    this.command = `java ${args.join(' ')}`;
    this.child = spawn('java', args, {
      cwd: hubWorkingDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HZ_PHONE_HOME_ENABLED: 'false' },
    });
    runningHubs.add(this);
    this.captureLines(this.child.stdout, 'out');
    this.captureLines(this.child.stderr, 'err');
    this.exited = new Promise((resolve) => {
      const finish = (status) => {
        if (this.exitStatus === null) {
          this.exitStatus = status;
          runningHubs.delete(this);
          fs.rmSync(dir, { recursive: true, force: true });
          resolve(status);
        }
      };
      // 'close' rather than 'exit': it waits for stdout/stderr to drain, so a start failure
      // is judged on everything the hub printed.
      this.child.on('close', (code, signal) => finish({ code, signal }));
      this.child.on('error', (err) => {
        this.output.push({ at: Date.now(), stream: 'err', line: `spawn failed: ${err.message}` });
        finish({ code: null, signal: null, error: err });
      });
    });
  }

  captureLines(stream, name) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        this.output.push({ at: Date.now(), stream: name, line });
      }
      if (this.output.length > MAX_KEPT_OUTPUT_LINES) {
        this.output.splice(0, this.output.length - MAX_KEPT_OUTPUT_LINES);
      }
    });
    stream.on('end', () => {
      if (partial) {
        this.output.push({ at: Date.now(), stream: name, line: partial });
      }
    });
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exitStatus !== null) {
        throw new HubStartError(this, this.exitStatus, `exited with ${JSON.stringify(this.exitStatus)}`);
      }
      if (await this.isReady()) {
        return;
      }
      if (Date.now() >= deadline) {
        throw new HubStartError(this, null, `GET /ready not 200 within ${timeoutMs} ms`);
      }
      await Promise.race([sleep(100), this.exited]);
    }
  }

  async isReady() {
    try {
      const res = await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** POST /api/<method>; returns the parsed JSON body and fails on any non-200 status. */
  async api(method, body) {
    const res = await fetch(`${this.baseUrl}/api/${method}`, {
      method: 'POST',
      headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(API_CALL_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status !== 200) {
      throw new Error(`POST /api/${method} on ${this.nodeName} answered ${res.status}: ${text}`);
    }
    return JSON.parse(text);
  }

  /** Publishes through this node's API and insists on a `result`, so API errors fail loudly. */
  async publish(channel, data) {
    const reply = await this.api('publish', { channel, data });
    if (!reply.result) {
      throw new Error(`publish to ${channel} via ${this.nodeName} failed: ${JSON.stringify(reply)}`);
    }
    return reply.result;
  }

  /**
   * One publish attempt that reports instead of throwing: `{ result }` or `{ error }` as the
   * hub answered, or `{ failure }` when the call itself failed (refused, reset, timed out).
   * With `idempotencyKey` a retry of an attempt whose outcome is unknown publishes at most once.
   */
  async tryPublish(channel, data, { idempotencyKey, timeoutMs = API_CALL_TIMEOUT_MS } = {}) {
    const body = { channel, data };
    if (idempotencyKey !== undefined) {
      body.idempotency_key = idempotencyKey;
    }
    try {
      const res = await fetch(`${this.baseUrl}/api/publish`, {
        method: 'POST',
        headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      if (res.status !== 200) {
        return { failure: `HTTP ${res.status}: ${text}` };
      }
      const reply = JSON.parse(text);
      return reply.result ? { result: reply.result } : { error: reply.error || reply };
    } catch (err) {
      const cause = err.cause && err.cause.code ? ` (${err.cause.code})` : '';
      return { failure: `${err.name}: ${err.message}${cause}` };
    }
  }

  /** GET /metrics as `{ "name{labels}": value }`, samples only (no HELP/TYPE lines). */
  async metrics() {
    const res = await fetch(`${this.baseUrl}/metrics`, { signal: AbortSignal.timeout(API_CALL_TIMEOUT_MS) });
    const text = await res.text();
    if (res.status !== 200) {
      throw new Error(`GET /metrics on ${this.nodeName} answered ${res.status}`);
    }
    const samples = {};
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) {
        continue;
      }
      const cut = line.lastIndexOf(' ');
      samples[line.slice(0, cut)] = Number(line.slice(cut + 1));
    }
    return samples;
  }

  /** The sum of every sample of metric `name` (all label sets), 0 when it is absent. */
  static metricSum(samples, name) {
    let sum = 0;
    for (const [key, value] of Object.entries(samples)) {
      if (key === name || key.startsWith(`${name}{`)) {
        sum += value;
      }
    }
    return sum;
  }

  /** Clients connected to this node, as its own /api/info reports them. */
  async numClients() {
    const reply = await this.api('info', {});
    const nodes = (reply.result && reply.result.nodes) || [];
    const self = nodes.find((n) => n.name === this.nodeName);
    if (!self) {
      throw new Error(`/api/info on ${this.nodeName} does not list this node: ${JSON.stringify(reply)}`);
    }
    return self.num_clients;
  }

  /** Sends SIGTERM (the drain signal) and resolves with the exit status. */
  terminate() {
    if (this.exitStatus === null) {
      this.child.kill('SIGTERM');
    }
    return this.exited;
  }

  /** Whether the process has not exited yet. */
  get alive() {
    return this.child !== null && this.exitStatus === null;
  }

  /** SIGKILL, for clean-up and for crash tests; safe to call on a hub that already exited. */
  async kill() {
    if (this.child === null || this.exitStatus !== null) {
      return;
    }
    this.child.kill('SIGKILL');
    await Promise.race([this.exited, sleep(KILL_WAIT_MS)]);
  }

  /** Everything the hub printed (the last MAX_KEPT_OUTPUT_LINES), with a marker where `markAt` falls. */
  outputText(markAt = null, markLabel = 'test started') {
    const lines = [];
    let marked = markAt === null;
    for (const l of this.output) {
      if (!marked && l.at >= markAt) {
        lines.push(`  ----- ${markLabel} -----`);
        marked = true;
      }
      lines.push(`  +${l.at - this.startedAt}ms [${l.stream}] ${l.line}`);
    }
    if (!marked) {
      lines.push(`  ----- ${markLabel} (nothing printed since) -----`);
    }
    return `--- ${this.nodeName} (port ${this.port}) output ---\n${lines.length ? lines.join('\n') : '  (nothing)'}`;
  }

  stderrText() {
    return this.output.filter((l) => l.stream === 'err').map((l) => l.line).join('\n');
  }
}

/** Kills every hub still running; for `after` hooks. */
async function stopAllHubs() {
  await Promise.all([...runningHubs].map((hub) => hub.kill()));
}

module.exports = {
  HUB_JAR, JWT_SECRET, API_KEY, STREAM_NAMESPACE, STREAM_OPTIONS, HubProcess, HubStartError, freePort, stopAllHubs,
  hubConfig,
};
