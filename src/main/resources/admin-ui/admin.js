// The realtime-hub admin page. Plain script, no framework and no build step. Everything it shows comes from the
// server API (/api/<method>) called with the short-lived token that /admin/login returns for the password. The
// token is kept in this page's memory only, so a reload or a closed tab asks for the password again. Every value
// that came from clients (channel names, user ids) is written with textContent, never parsed as HTML.
'use strict';

const POLL_MS = 2000;
const WINDOW_MS = 5 * 60 * 1000; // the charts and the "last 5 min" column
const MAX_ROWS = 200; // a hub may have many channels; the page lists the first ones (narrow with the glob)

// gen changes at every login and logout, so a refresh still in flight from an earlier login ends its loop.
const state = { token: null, gen: 0, busy: false, expiryTimer: null, pollTimer: null, samples: [], presenceChannel: '' };
const $ = (id) => document.getElementById(id);

async function api(method, body) {
  const res = await fetch('/api/' + method, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + state.token },
    body: JSON.stringify(body || {}),
    credentials: 'omit',
  });
  if (res.status === 401) {
    logout('Your admin session ended; log in again.');
    throw new Error('not logged in');
  }
  if (!res.ok) {
    throw new Error('HTTP ' + res.status);
  }
  const answer = await res.json();
  if (answer.error) {
    throw new Error(answer.error.message + ' (' + answer.error.code + ')');
  }
  return answer.result || {};
}

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  const res = await fetch('/admin/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ password: $('password').value }),
    credentials: 'omit',
  });
  $('password').value = '';
  if (res.status !== 200) {
    $('login-error').textContent = res.status === 401 ? 'Wrong password.' : 'Login refused (HTTP ' + res.status + ').';
    return;
  }
  const { token, expiresInMs } = await res.json();
  state.token = token;
  state.samples = [];
  state.expiryTimer = setTimeout(() => logout('Your admin session expired; log in again.'), expiresInMs);
  $('login-view').hidden = true;
  $('main-view').hidden = false;
  $('logout').hidden = false;
  poll(++state.gen);
}

function logout(message) {
  state.token = null;
  state.gen++;
  clearTimeout(state.expiryTimer);
  clearTimeout(state.pollTimer);
  $('main-view').hidden = true;
  $('logout').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('status').textContent = '';
}

// One refresh, then the next one POLL_MS after it ends: a slow hub is never asked twice at once.
async function poll(gen) {
  if (!state.token || gen !== state.gen) {
    return;
  }
  state.busy = true;
  try {
    const [info, channels] = await Promise.all([
      api('info'),
      api('channels', patternRequest()),
    ]);
    record(info.nodes || []);
    renderNodes(info.nodes || []);
    renderCharts();
    renderDisconnects();
    renderChannels(channels.channels || {});
    if (state.presenceChannel) {
      await showPresence(state.presenceChannel);
    }
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (state.token) {
      $('status').textContent = 'update failed: ' + e.message;
    }
  }
  state.busy = false;
  if (state.token && gen === state.gen) {
    state.pollTimer = setTimeout(() => poll(gen), POLL_MS);
  }
}

function patternRequest() {
  const pattern = $('channel-pattern').value.trim();
  return pattern ? { pattern } : {};
}

// A sample holds the cluster's totals at one instant; rates are differences between samples.
function record(nodes) {
  const sample = { t: Date.now(), sessions: 0, in: 0, out: 0, closed: {} };
  for (const n of nodes) {
    sample.sessions += n.num_clients || 0;
    const a = n.activity || {};
    sample.in += a.messages_in || 0;
    sample.out += a.messages_out || 0;
    for (const [reason, count] of Object.entries(a.sessions_closed || {})) {
      sample.closed[reason] = (sample.closed[reason] || 0) + count;
    }
  }
  state.samples.push(sample);
  while (state.samples.length > 1 && sample.t - state.samples[0].t > WINDOW_MS) {
    state.samples.shift();
  }
}

function cell(row, text, numeric) {
  const td = row.insertCell();
  td.textContent = String(text);
  if (numeric) {
    td.className = 'num';
  }
  return td;
}

function replaceRows(tableId, rows, fill) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  for (const r of rows) {
    fill(body.insertRow(), r);
  }
}

function uptime(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (seconds % 60) + 's';
}

function renderNodes(nodes) {
  const sorted = [...nodes].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  replaceRows('nodes', sorted, (row, n) => {
    row.dataset.uid = n.uid;
    cell(row, n.name);
    cell(row, uptime(n.uptime || 0));
    cell(row, n.version);
    cell(row, n.num_clients, true).dataset.field = 'connections';
    cell(row, n.num_users, true);
    cell(row, n.num_channels, true);
    cell(row, n.num_subs, true);
    cell(row, n.num_members, true);
  });
}

function renderChannels(channels) {
  const names = Object.keys(channels).sort().slice(0, MAX_ROWS);
  replaceRows('channels', names, (row, name) => {
    cell(row, name);
    cell(row, channels[name].num_clients, true);
    row.addEventListener('click', () => {
      $('presence-channel').value = name;
      showPresence(name).catch(showPresenceError);
    });
  });
}

async function showPresence(channel) {
  state.presenceChannel = channel;
  const result = await api('presence', { channel });
  const clients = Object.values(result.presence || {});
  replaceRows('presence', clients.slice(0, MAX_ROWS), (row, c) => {
    cell(row, c.client);
    cell(row, c.user);
  });
  $('presence-note').textContent = clients.length + ' client(s) in ' + channel;
}

function showPresenceError(e) {
  $('presence').tBodies[0].replaceChildren();
  $('presence-note').textContent = 'presence: ' + e.message;
}

function renderDisconnects() {
  const first = state.samples[0];
  const last = state.samples[state.samples.length - 1];
  const reasons = Object.keys(last.closed).sort((a, b) => last.closed[b] - last.closed[a]);
  replaceRows('disconnects', reasons, (row, reason) => {
    cell(row, reason);
    // A node that restarted starts again from zero: never show a negative count.
    cell(row, Math.max(0, last.closed[reason] - (first.closed[reason] || 0)), true);
    cell(row, last.closed[reason], true);
  });
}

function rates(key) {
  const out = [];
  for (let i = 1; i < state.samples.length; i++) {
    const a = state.samples[i - 1];
    const b = state.samples[i];
    out.push({ t: b.t, v: Math.max(0, (b[key] - a[key]) * 1000 / Math.max(1, b.t - a.t)) });
  }
  return out;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function drawChart(svgId, series) {
  const svg = $(svgId);
  svg.replaceChildren();
  const now = Date.now();
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.v)));
  for (const s of series) {
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('class', s.cls);
    line.setAttribute('points', s.points.map((p) =>
      (300 - (now - p.t) * 300 / WINDOW_MS).toFixed(1) + ',' + (78 - p.v * 70 / max).toFixed(1)).join(' '));
    svg.appendChild(line);
  }
  $('max-' + svgId).textContent = '(scale 0 to ' + Math.round(max) + ', last 5 min)';
}

function renderCharts() {
  const sessions = state.samples.map((s) => ({ t: s.t, v: s.sessions }));
  const ins = rates('in');
  const outs = rates('out');
  drawChart('chart-sessions', [{ cls: 'sessions', points: sessions }]);
  drawChart('chart-messages', [{ cls: 'in', points: ins }, { cls: 'out', points: outs }]);
  $('now-sessions').textContent = String(sessions[sessions.length - 1].v);
  $('now-in').textContent = ins.length ? ins[ins.length - 1].v.toFixed(1) : '0';
  $('now-out').textContent = outs.length ? outs[outs.length - 1].v.toFixed(1) : '0';
}

async function publish(event) {
  event.preventDefault();
  const out = $('publish-result');
  let data;
  try {
    data = JSON.parse($('publish-data').value);
  } catch (e) {
    show(out, false, 'data is not valid JSON: ' + e.message);
    return;
  }
  const channel = $('publish-channel').value.trim();
  try {
    const r = await api('publish', { channel, data });
    show(out, true, 'published to ' + channel + (r.offset !== undefined ? ' at offset ' + r.offset : ''));
  } catch (e) {
    show(out, false, 'publish failed: ' + e.message);
  }
}

async function disconnectUser(event) {
  event.preventDefault();
  const out = $('disconnect-result');
  const user = $('disconnect-user').value.trim();
  try {
    await api('disconnect', { user });
    show(out, true, 'disconnected ' + user);
  } catch (e) {
    show(out, false, 'disconnect failed: ' + e.message);
  }
}

function show(el, ok, text) {
  el.className = ok ? 'ok' : 'error';
  el.textContent = text;
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (e) => login(e).catch((err) => {
    $('login-error').textContent = 'Login failed: ' + err.message;
  }));
  $('logout').addEventListener('click', () => logout(''));
  $('channels-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!state.busy) { // otherwise the refresh under way is followed by one that uses the new pattern
      clearTimeout(state.pollTimer);
      poll(state.gen);
    }
  });
  $('presence-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const channel = $('presence-channel').value.trim();
    if (channel) {
      showPresence(channel).catch(showPresenceError);
    }
  });
  $('publish-form').addEventListener('submit', publish);
  $('disconnect-form').addEventListener('submit', disconnectUser);
});
