// The audit at the end of bench/partition: the clients' summaries (partition-clients.mjs) against the publications
// the server API acknowledged (published.txt: "<ms> <data> <answer>" per publish), split by when they were published:
// before the cut, during the cut, between the heal and all three nodes ready again, and after that.
//   node partition-audit.mjs clients.json published.txt CUT_MS HEAL_MS MERGED_MS HISTORY(0|1)
// Prints one line per client and PASS/FAIL lines; exit 1 on any FAIL. The checks: every client converged (receives
// the publications made through A and C after the merge, still connected and subscribed); no leave pushes on the
// island for users of the other side; and with HISTORY=1 nothing is lost silently: an acknowledged publication a
// client never received must be explained by a resubscribe that answered recovered:false or a new epoch (the client
// was told to reload), and no offset arrives twice or out of order.
import { readFileSync } from 'node:fs';

const [clientsFile, publishedFile, cutArg, healArg, mergedArg, historyArg] = process.argv.slice(2);
const cut = Number(cutArg);
const heal = Number(healArg);
const merged = Number(mergedArg);
const history = historyArg === '1';

const clients = readFileSync(clientsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const published = readFileSync(publishedFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
  const [ms, data, ...rest] = line.split(' ');
  let answer = null;
  try { answer = JSON.parse(rest.join(' ')); } catch { /* no answer (curl timed out): not acknowledged */ }
  return { ms: Number(ms), data, acked: answer?.result !== undefined, error: answer?.error?.code ?? null };
});

const phase = (ms) => (ms < cut ? 'before' : ms < heal ? 'cut' : ms < merged ? 'merging' : 'after');
const acked = published.filter((p) => p.acked);
const counts = (list) => {
  const out = { before: 0, cut: 0, merging: 0, after: 0 };
  for (const p of list) out[phase(p.ms)]++;
  return out;
};
const refused = published.filter((p) => !p.acked);
console.log(`     acknowledged publications by phase: ${JSON.stringify(counts(acked))}; refused or unanswered: `
  + `${JSON.stringify(counts(refused))} (codes ${JSON.stringify([...new Set(refused.map((p) => p.error))])})`);

let failed = clients.length !== 3;
if (failed) console.log(`FAIL the clients wrote ${clients.length} summaries, not 3`);
for (const c of clients) {
  const got = new Set(c.pubs);
  const missing = acked.filter((p) => !got.has(p.data));
  const told = c.resubscribes.some((r) => !r.recovered || r.epochChanged);
  const resubs = c.resubscribes.map((r) => `${r.reason}@${r.at}s->${r.wasRecovering ? `recovered:${r.recovered}` : 'fresh'}`
    + `${r.epochChanged ? ' new epoch' : ''} +${r.publications}`);
  console.log(`     ${c.user}: received ${c.pubs.length} (${c.recoveredPubs.length} by recovery), missing by phase `
    + `${JSON.stringify(counts(missing))}, resubscribes [${resubs.join(', ')}], unsubscribes `
    + `${JSON.stringify(c.unsubscribes.map((u) => u.code))}, closes ${JSON.stringify(c.closes.map((x) => x.code))}, `
    + `epochs ${c.epochs.length}, joins ${JSON.stringify(c.joins)}, leaves ${JSON.stringify(c.leaves)}, `
    + `duplicates ${c.duplicates.length}, out of order ${c.outOfOrder.length}`);
  const converged = got.has('after-0') && got.has('after-2') && c.closed === null && c.subscribed;
  console.log(`${converged ? 'PASS' : 'FAIL'} ${c.user} converged: after the merge it receives publications through A `
    + `and C (closed: ${c.closed}, subscribed: ${c.subscribed})`);
  failed ||= !converged;
  if (history) {
    const silent = told ? [] : missing;
    const ok = silent.length === 0 && c.duplicates.length === 0 && c.outOfOrder.length === 0;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${c.user}: nothing lost silently, no duplicate or out-of-order offset`
      + (ok ? '' : ` (missing ${silent.map((p) => p.data).slice(0, 10)}, duplicates ${c.duplicates.slice(0, 10)}, `
        + `out of order ${c.outOfOrder.slice(0, 10)})`));
    failed ||= !ok;
  }
}
// A leave about a client that is still connected (the majority's purge of the island's users) must be followed by a
// join about it (the owner's repair after the merge), or presence events leave the client with a wrong picture.
for (const c of clients) {
  const last = new Map();
  for (const e of c.presence ?? []) last.set(e.slice(1, e.indexOf('@')), e[0]);
  const gone = clients.filter((o) => o.user !== c.user && o.closed === null && last.get(o.user) === '-').map((o) => o.user);
  console.log(`${gone.length === 0 ? 'PASS' : 'FAIL'} ${c.user}: every leave it heard about a live client was followed `
    + `by a join${gone.length ? `: still believes ${gone} left (${c.presence.join(' ')})` : ''}`);
  failed ||= gone.length > 0;
}
const cyd = clients.find((c) => c.user === 'cyd');
// A leave on the island is a purge of the other side (which a node below quorum must never do) unless the user it is
// about really left: it recorded an unsubscribe or a close itself just before (the clients share one clock), and the
// island heard it join again afterwards (its resubscribe).
const LEAVE_CAUSE_WINDOW_S = 3;
const causedBySelf = (user, t, events) => {
  const other = clients.find((o) => o.user === user);
  const exits = [...(other?.unsubscribes ?? []), ...(other?.closes ?? [])].map((e) => e.at);
  const rejoined = events.some((e) => e.startsWith(`+${user}@`) && Number(e.slice(e.indexOf('@') + 1)) >= t);
  return rejoined && exits.some((x) => x <= t && t - x <= LEAVE_CAUSE_WINDOW_S);
};
const islandEvents = cyd?.presence ?? [];
const islandFalse = islandEvents
  .filter((e) => e.startsWith('-') && !e.startsWith('-cyd@'))
  .filter((e) => !causedBySelf(e.slice(1, e.indexOf('@')), Number(e.slice(e.indexOf('@') + 1)), islandEvents))
  .map((e) => e.slice(1));
console.log(`${islandFalse.length === 0 ? 'PASS' : 'FAIL'} no leave pushes on the island for users of the other side`
  + ` that did not leave themselves` + (islandFalse.length ? `: ${islandFalse}` : ''));
failed ||= islandFalse.length > 0;
process.exit(failed ? 1 : 0);
