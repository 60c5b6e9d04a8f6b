'use strict';

// The admin page in a real browser: a wrong password is refused, the right one shows this node, the connection
// count follows a client that connects, a publication from the page reaches the client, and the page disconnects
// the user. Leaves a screenshot in target/browser/admin.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Hub, ADMIN_PASSWORD, connectionToken, waitUntil } = require('../lib/hub');
const { launch, close, servePages, openClient, clientEvents, artifact } = require('../lib/browser');

let hub;
let pages;
let browser;
let admin;

before(async () => {
  pages = await servePages();
  hub = await Hub.start({ allowedOrigins: [pages.origin] });
  browser = await launch();
  admin = await browser.newPage();
  await admin.goto(`${hub.url}/admin/`, { waitUntil: 'load' });
});

after(async () => {
  if (browser) await close(browser);
  if (hub) await hub.stop();
  if (pages) await pages.close();
});

const text = (sel) => admin.$eval(sel, (el) => el.textContent);
const visible = (sel) => admin.$eval(sel, (el) => !el.closest('[hidden]'));

async function logIn(password) {
  await admin.$eval('#password', (el) => { el.value = ''; });
  await admin.type('#password', password);
  await admin.click('#login-button');
}

async function connections() {
  return admin.$eval('#nodes tbody', (body) =>
    [...body.querySelectorAll('td[data-field="connections"]')].reduce((n, td) => n + Number(td.textContent), 0));
}

async function submit(form, fields) {
  for (const [sel, value] of Object.entries(fields)) {
    await admin.$eval(sel, (el) => { el.value = ''; });
    await admin.type(sel, value);
  }
  await admin.$eval(form, (f) => f.requestSubmit());
}

test('a wrong password is refused and shows no data', async () => {
  await logIn('not-the-password');
  await waitUntil('the refusal message', async () => (await text('#login-error')) === 'Wrong password.');
  assert.equal(await visible('#main-view'), false);
  assert.equal(await visible('#login-view'), true);
});

test('an operator logs in, follows a client, publishes to it and disconnects its user', async () => {
  await logIn(ADMIN_PASSWORD);
  await waitUntil('the node table', async () => (await text('#nodes tbody')).includes('browser-node'));
  assert.equal(await visible('#login-view'), false);
  assert.equal(await connections(), 0);

  const client = await openClient(browser, pages, { wsUrl: hub.wsUrl, token: connectionToken('alice'), channel: 'chat:room' });
  await waitUntil('the client to subscribe', async () =>
    (await clientEvents(client)).some((e) => e.type === 'subscribed'));
  await admin.bringToFront();
  await waitUntil('the page to count the connection', async () => (await connections()) === 1);
  await waitUntil('the channel in the channel list', async () => (await text('#channels tbody')).includes('chat:room'));

  await admin.click('#channels tbody tr');
  await waitUntil('alice in the presence table', async () => (await text('#presence tbody')).includes('alice'));

  await submit('#publish-form', { '#publish-channel': 'chat:room', '#publish-data': '{"text":"from the admin page"}' });
  await waitUntil('the publish confirmation', async () => (await text('#publish-result')).startsWith('published'));
  await waitUntil('the client to receive the publication', async () => (await clientEvents(client))
    .some((e) => e.type === 'publication' && e.data && e.data.text === 'from the admin page'));

  // The chart has had a few samples by now; this is the picture README shows.
  await waitUntil('a message rate on the chart', async () => Number(await text('#now-out')) > 0 || Number(await text('#now-in')) > 0, 10_000)
    .catch(() => {}); // a rate of 0 in the picture is not a failure of the page
  await admin.screenshot({ path: artifact('admin.png'), fullPage: true });

  await submit('#disconnect-form', { '#disconnect-user': 'alice' });
  await waitUntil('the disconnect confirmation', async () => (await text('#disconnect-result')) === 'disconnected alice');
  await waitUntil('the client to be disconnected with 3503', async () => (await clientEvents(client))
    .some((e) => e.type === 'disconnected' && e.code === 3503));
  await waitUntil('the page to count no connection', async () => (await connections()) === 0);
  await waitUntil('the forced disconnect counted in the reasons table', async () => admin.$eval('#disconnects tbody',
    (body) => [...body.rows].some((r) => r.cells[0].textContent === 'force_disconnect' && r.cells[1].textContent === '1')));
});

test('bad input on the page is answered in the page, and a bad token logs out', async () => {
  await submit('#publish-form', { '#publish-channel': 'chat:room', '#publish-data': '{not json' });
  await waitUntil('the JSON complaint', async () => (await text('#publish-result')).startsWith('data is not valid JSON'));
  await submit('#publish-form', { '#publish-channel': 'nope:x', '#publish-data': '{"a":1}' });
  await waitUntil('the API error shown', async () => (await text('#publish-result')).startsWith('publish failed'));
  // A forged token (as an expired one would be) is refused by the API: the page goes back to the login form.
  await admin.evaluate(() => { state.token = '1.forged'; });
  await waitUntil('the page to ask for the password again', async () => await visible('#login-view'));
  assert.match(await text('#login-error'), /log in again/);
});
