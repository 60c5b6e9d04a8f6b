'use strict';

// Debian's chromium driven by puppeteer-core: no browser is downloaded, the executable is the system one
// (CHROMIUM overrides the path). Each test gets a fresh profile, so nothing carries over between runs.

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const puppeteer = require('puppeteer-core');

const EXECUTABLE = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser']
  .find((p) => fs.existsSync(p));
const ARTIFACTS = path.resolve(process.env.BROWSER_ARTIFACTS || path.join(__dirname, '..', '..', 'target', 'browser'));

async function launch() {
  if (!EXECUTABLE) {
    throw new Error('no chromium executable: apt-get install chromium (or set CHROMIUM)');
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: EXECUTABLE,
    headless: true,
    userDataDir: profile,
    // --no-sandbox: CI runs as root in a container, where chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update', '--window-size=1280,900'],
    defaultViewport: { width: 1280, height: 900 },
    protocolTimeout: 30_000,
  });
  browser.profileDir = profile;
  return browser;
}

/** Closes the browser, then removes its profile (chromium may still be writing it while it shuts down). */
async function close(browser) {
  await browser.close();
  try {
    fs.rmSync(browser.profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (err) {
    console.error(`could not remove ${browser.profileDir}: ${err.message}`);
  }
}

/**
 * Serves browser/pages/ and the stock centrifuge-js browser bundle on 127.0.0.1 at a port of its own, so a page's
 * Origin is http://127.0.0.1:PORT: one server per Origin a test needs.
 */
function servePages() {
  const files = {
    '/client.html': [path.join(__dirname, '..', 'pages', 'client.html'), 'text/html'],
    '/centrifuge.js': [path.join(__dirname, '..', 'node_modules', 'centrifuge', 'dist', 'centrifuge.js'), 'text/javascript'],
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url, 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file[1] }).end(fs.readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const origin = `http://127.0.0.1:${server.address().port}`;
    resolve({ origin, close: () => new Promise((done) => server.close(done)) });
  }));
}

/** Opens the client page: the stock SDK connects as the token's user and subscribes to `channel`. */
async function openClient(browser, pages, { wsUrl, token, channel }) {
  const page = await browser.newPage();
  const q = new URLSearchParams({ ws: wsUrl, token, channel });
  await page.goto(`${pages.origin}/client.html#${q}`, { waitUntil: 'load' });
  return page;
}

/** What the client page has seen so far: [{type, ...}]. */
function clientEvents(page) {
  return page.evaluate(() => window.hubEvents.slice());
}

function artifact(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

module.exports = { launch, close, servePages, openClient, clientEvents, artifact };
