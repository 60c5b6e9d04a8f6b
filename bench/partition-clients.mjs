// WebSocket clients for bench/partition: one per "user=url" argument, each connects with an HS256 token, subscribes to
// CHANNEL with join_leave, and records every push. It behaves as the SDK (centrifuge-js) does where the hub ends
// something: an unsubscribe push with a code from 2500 up (2500: lost its stream position) makes it subscribe again,
// and a close with a reconnect-class code (below 3500, 4000-4499, or 5000 up; no code at all counts as 1006) makes
// it reconnect after a short backoff and subscribe again. Each such subscribe carries recover with the last epoch
// and offset it saw when the channel is positioned, so a stream channel returns what was missed; a subscribe that
// fails with a temporary error is retried. Once STOP_FILE exists (or on SIGTERM, or after MAX_SECONDS) it writes
// one JSON summary per client to stdout and exits: the publications received (data, live or recovered), the joins
// and leaves seen by user, every unsubscribe and close it got, every resubscribe with its outcome (recovered or not,
// epoch before and after), and offsets seen twice or out of order. A file, because a signal does not cross
// `ip netns exec` reliably. Needs Node 20 with --experimental-websocket (Node 22+: built in). No npm packages.
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';

const SECRET = process.env.HUB_SECRET;
const CHANNEL = process.env.CHANNEL;
const MAX_SECONDS = Number(process.env.MAX_SECONDS || 600);
const RETRY_MS = 1000; // the SDK backs off from about half a second to a second on its first retries
const started = Date.now();
const at = () => Math.round((Date.now() - started) / 100) / 10; // seconds since the clients started

function b64url(s) {
  return Buffer.from(s).toString('base64url');
}

function token(user) {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub: user, exp: Math.floor(Date.now() / 1000) + 3600 }));
  const sig = createHmac('sha256', SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** The SDK's rule: which close codes end the client for good. */
function reconnects(code) {
  return code < 3500 || code >= 5000 || (code >= 4000 && code < 4500);
}

function client(user, url) {
  const state = {
    user, url, pubs: [], recoveredPubs: [], joins: [], leaves: [], presence: [], unsubscribes: [], closes: [], resubscribes: [],
    subscribeErrors: [], duplicates: [], outOfOrder: [], epochs: [], epoch: null, offset: null, closed: null,
    subscribed: false, connects: 0, startedMs: started,
  };
  let ws = null;
  let nextId = 1;
  let subscribeId = 0;
  let resubscribing = null; // {reason, at, epochBefore, offsetBefore} while a resubscribe is under way
  let stopped = false;

  const send = (cmd) => ws.send(JSON.stringify(cmd));

  const subscribe = () => {
    subscribeId = nextId++;
    const sub = { channel: CHANNEL, join_leave: true };
    if (state.epoch !== null) { // positioned before: ask for what was missed since the last offset seen
      Object.assign(sub, { recover: true, epoch: state.epoch, offset: state.offset });
    }
    send({ id: subscribeId, subscribe: sub });
  };

  const seenEpoch = (epoch) => {
    if (epoch && state.epochs[state.epochs.length - 1] !== epoch) state.epochs.push(epoch);
    state.epoch = epoch;
  };

  const publication = (pub, recovered) => {
    if (typeof pub.offset === 'number' && state.offset !== null) {
      if (pub.offset === state.offset || (recovered && pub.offset < state.offset)) {
        state.duplicates.push(pub.offset);
        return;
      }
      if (pub.offset < state.offset) state.outOfOrder.push(pub.offset);
    }
    if (typeof pub.offset === 'number') state.offset = pub.offset;
    state.pubs.push(pub.data);
    if (recovered) state.recoveredPubs.push(pub.data);
  };

  const subscribed = (result) => {
    state.subscribed = true;
    const epochBefore = state.epoch;
    if (result.epoch !== undefined) seenEpoch(result.epoch);
    const recovered = result.publications ?? [];
    if (resubscribing) {
      state.resubscribes.push({
        ...resubscribing, done: at(), wasRecovering: result.was_recovering === true,
        recovered: result.recovered === true, publications: recovered.length, epochAfter: result.epoch ?? null,
        epochChanged: epochBefore !== null && result.epoch !== undefined && result.epoch !== epochBefore,
      });
      resubscribing = null;
    }
    // A new epoch (or recovered:false) means the stream cannot fill the gap: the position starts over at the top.
    if (result.epoch !== undefined && (result.epoch !== epochBefore || result.recovered === false)) {
      state.offset = null;
    }
    for (const pub of recovered) publication(pub, true);
    if (typeof result.offset === 'number' && (state.offset === null || result.offset > state.offset)) {
      state.offset = result.offset;
    }
    console.error(`${at()} ${user} subscribed (epoch ${state.epoch}, offset ${state.offset}, `
      + `recovered ${result.recovered}, ${recovered.length} recovered publications)`);
  };

  const startResubscribe = (reason) => {
    resubscribing ??= { reason, at: at(), epochBefore: state.epoch, offsetBefore: state.offset };
  };

  const open = () => {
    ws = new WebSocket(url);
    const mine = ws;
    ws.onopen = () => send({ id: nextId++, connect: { token: token(user) } });
    ws.onmessage = (ev) => {
      if (mine !== ws) return;
      for (const line of String(ev.data).split('\n')) {
        if (line) frame(JSON.parse(line), line);
      }
    };
    ws.onclose = (ev) => {
      if (mine !== ws || stopped) return;
      const code = ev.code || 1006;
      state.closes.push({ code, reason: ev.reason, at: at() });
      state.subscribed = false;
      if (!reconnects(code)) {
        state.closed = code;
        return;
      }
      startResubscribe(`close ${code}`);
      setTimeout(open, RETRY_MS);
    };
  };

  const frame = (f, line) => {
    if (Object.keys(f).length === 0) {
      send({}); // ping: pong
    } else if (f.connect) {
      state.connects++;
      subscribe();
    } else if (f.id === subscribeId && f.subscribe) {
      subscribed(f.subscribe);
    } else if (f.id === subscribeId && f.error) {
      state.subscribeErrors.push({ ...f.error, at: at() });
      console.error(`${at()} ${user}: ${line}`);
      if (f.error.temporary) { // the SDK retries temporary errors; anything else ends the subscription
        startResubscribe(`error ${f.error.code}`);
        setTimeout(() => { if (!stopped) subscribe(); }, RETRY_MS);
      }
    } else if (f.push?.pub) {
      publication(f.push.pub, false);
    } else if (f.push?.join) {
      state.joins.push(f.push.join.info.user);
      state.presence.push(`+${f.push.join.info.user}@${at()}`);
    } else if (f.push?.leave) {
      state.leaves.push(f.push.leave.info.user);
      state.presence.push(`-${f.push.leave.info.user}@${at()}`);
    } else if (f.push?.unsubscribe) {
      const { code, reason } = f.push.unsubscribe;
      state.unsubscribes.push({ code, reason, at: at() });
      state.subscribed = false;
      console.error(`${at()} ${user}: unsubscribe ${code} ${reason}`);
      if (code >= 2500) {
        startResubscribe(`unsubscribe ${code}`);
        subscribe();
      }
    } else if (f.error) {
      console.error(`${at()} ${user}: ${line}`);
    }
  };

  open();
  return {
    state,
    stop() {
      stopped = true;
      try { ws.close(); } catch { /* closing anyway */ }
    },
  };
}

const clients = process.argv.slice(2).map((arg) => {
  const [user, url] = arg.split('=');
  return client(user, url);
});

function finish() {
  for (const c of clients) {
    c.stop();
    console.log(JSON.stringify(c.state));
  }
  process.exit(0);
}

process.on('SIGTERM', finish);
if (process.env.STOP_FILE) {
  setInterval(() => { if (existsSync(process.env.STOP_FILE)) finish(); }, 200);
}
setTimeout(finish, MAX_SECONDS * 1000);
