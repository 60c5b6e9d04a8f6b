// WebSocket clients for bench/partition: one per "user=url" argument, each connects with an HS256 token, subscribes to
// CHANNEL with join_leave, and records every push. Once STOP_FILE exists (or on SIGTERM, or after MAX_SECONDS) it
// writes one JSON summary per client to stdout and exits: the publications received (data), and the joins and leaves
// seen, by user. A file, because a signal does not cross `ip netns exec` reliably.
// Needs Node 20 with --experimental-websocket (Node 22+: built in). No npm packages.
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';

const SECRET = process.env.HUB_SECRET;
const CHANNEL = process.env.CHANNEL;
const MAX_SECONDS = Number(process.env.MAX_SECONDS || 600);

function b64url(s) {
  return Buffer.from(s).toString('base64url');
}

function token(user) {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: user, exp: Math.floor(Date.now() / 1000) + 3600 }));
  const sig = createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

const clients = process.argv.slice(2).map((arg) => {
  const [user, url] = arg.split('=');
  const state = { user, url, pubs: [], joins: [], leaves: [], closed: null, subscribed: false };
  const ws = new WebSocket(url);
  ws.onopen = () => {
    ws.send(JSON.stringify({ id: 1, connect: { token: token(user) } }));
  };
  ws.onmessage = (ev) => {
    for (const line of String(ev.data).split('\n')) {
      if (!line) continue;
      const frame = JSON.parse(line);
      if (Object.keys(frame).length === 0) {
        ws.send('{}'); // ping: pong
      } else if (frame.id === 1 && frame.connect) {
        ws.send(JSON.stringify({ id: 2, subscribe: { channel: CHANNEL, join_leave: true } }));
      } else if (frame.id === 2 && frame.subscribe) {
        state.subscribed = true;
        console.error(`${user} subscribed`);
      } else if (frame.push && frame.push.pub) {
        state.pubs.push(frame.push.pub.data);
      } else if (frame.push && frame.push.join) {
        state.joins.push(frame.push.join.info.user);
      } else if (frame.push && frame.push.leave) {
        state.leaves.push(frame.push.leave.info.user);
      } else if (frame.error) {
        console.error(`${user}: ${line}`);
      }
    }
  };
  ws.onclose = (ev) => {
    state.closed = ev.code;
  };
  state.ws = ws;
  return state;
});

function finish() {
  for (const c of clients) {
    const { ws, ...summary } = c;
    console.log(JSON.stringify(summary));
    try { ws.close(); } catch { /* closing anyway */ }
  }
  process.exit(0);
}

process.on('SIGTERM', finish);
if (process.env.STOP_FILE) {
  setInterval(() => { if (existsSync(process.env.STOP_FILE)) finish(); }, 200);
}
setTimeout(finish, MAX_SECONDS * 1000);
