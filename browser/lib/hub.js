'use strict';

// One `java -jar realtime-hub.jar` for a browser test, on a free loopback port, with the admin page on and the
// Origins the test pages are served from. Every wait is bounded; the process is killed when the runner exits.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const HUB_JAR = path.resolve(process.env.HUB_JAR || path.join(REPO_ROOT, 'target', 'realtime-hub.jar'));
const JWT_SECRET = 'browser-suite-hmac-secret';
const API_KEY = 'browser-suite-api-key';
const ADMIN_PASSWORD = 'browser-suite-admin-password';
const READY_TIMEOUT_MS = 30_000;

const running = new Set();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns something truthy; throws naming `what` after `timeoutMs`. */
async function waitUntil(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) {
        return last;
      }
    } catch (err) {
      last = err.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    }
    await sleep(100);
  }
}

function connectionToken(user) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: user, exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${input}.${crypto.createHmac('sha256', JWT_SECRET).update(input).digest('base64url')}`;
}

class Hub {
  static async start({ allowedOrigins }) {
    if (!fs.existsSync(HUB_JAR)) {
      throw new Error(`hub jar not found at ${HUB_JAR}: build it (mvn -DskipTests package) or set HUB_JAR`);
    }
    const hub = new Hub(await freePort());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-browser-'));
    const configFile = path.join(dir, 'hub.json');
    fs.writeFileSync(configFile, JSON.stringify({
      node: { name: 'browser-node' },
      http: { host: '127.0.0.1', port: hub.port },
      auth: { jwt: { pubSecKeys: [{ algorithm: 'HS256', buffer: JWT_SECRET }] } },
      api: { keys: [API_KEY] },
      admin: { enabled: true, password: ADMIN_PASSWORD },
      client: { allowedOrigins },
      channels: {
        default: { allowSubscribe: true, allowPublish: false },
        namespaces: { chat: { allowPublish: true, presence: true } },
      },
      shutdown: { drainWindowMs: 500 },
    }));
    hub.child = spawn('java', ['-Xmx256m', '-Dhazelcast.phone.home.enabled=false', '-jar', HUB_JAR,
      '-conf', configFile], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(hub.child);
    hub.child.stdout.on('data', (b) => hub.output.push(b.toString()));
    hub.child.stderr.on('data', (b) => hub.output.push(b.toString()));
    hub.exited = new Promise((resolve) => hub.child.on('close', (code) => {
      running.delete(hub.child);
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(code);
    }));
    try {
      await waitUntil('the hub to be ready', async () => {
        if (hub.child.exitCode !== null) {
          throw new Error('hub exited: ' + hub.output.join(''));
        }
        return (await fetch(`${hub.url}/ready`)).status === 200;
      }, READY_TIMEOUT_MS);
    } catch (err) {
      await hub.stop();
      throw new Error(`${err.message}\n${hub.output.join('')}`);
    }
    return hub;
  }

  constructor(port) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/connection/websocket`;
    this.output = [];
  }

  async api(method, body) {
    const res = await fetch(`${this.url}/api/${method}`, {
      method: 'POST',
      headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    return res.json();
  }

  /** A counter of /metrics, summed over the series whose labels contain `labels` (e.g. 'reason="origin"'). */
  async counter(name, labels = '') {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    return text.split('\n').filter((l) => l.startsWith(name) && l.includes(labels))
      .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  }

  async stop() {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
  }
}

module.exports = { Hub, ADMIN_PASSWORD, connectionToken, freePort, waitUntil };
