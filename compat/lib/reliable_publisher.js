'use strict';

const { sleep } = require('./deadlines');

// The publisher side of the stream tests. A publisher that loses a node mid-call cannot
// know whether its publication was stored, so it does what the README tells a real one to
// do: retry through another node with the same idempotency key until some node answers
// with an offset. Every publication this class reports as acknowledged therefore has
// exactly one offset, and the tests can demand that the client saw exactly those.

const DEFAULT_GIVE_UP_MS = 20_000;
const RETRY_PAUSE_MS = 50;
// Shorter than the SDK-facing 5 s: a call stuck on a dying node should move on quickly,
// while still longer than the hub's own 2 s store timeout, which answers error 100.
const ATTEMPT_TIMEOUT_MS = 3_000;

/**
 * Publishes numbered messages `{ by, n }` through whichever of `nodes()` answers, each
 * with the idempotency key `${name}-${n}`, and records every acknowledgement
 * `{ channel, n, data, offset, epoch }`. Attempts rotate over the nodes so a dead one
 * costs one failed attempt per publication, not a stall. Not for concurrent use by
 * several loops: one instance is one publisher with one sequence.
 *
 * With `idempotent: false` it publishes as most publishers do, without a key and without
 * retrying: a failed attempt leaves the publication's fate unknown (it may have been
 * stored), recorded in `unknown`; the client may see it once or not at all.
 */
class ReliablePublisher {
  constructor(name, nodes, { idempotent = true } = {}) {
    this.name = name;
    this.nodes = nodes;
    this.idempotent = idempotent;
    this.unknown = [];
    this.nextN = 1;
    this.turn = 0;
    this.acks = [];
    this.failedAttempts = [];
    this.slowest = null;
    this.stopped = false;
  }

  /** Publishes one message to `channel`; resolves with its acknowledgement or throws after `giveUpMs`. */
  async publish(channel, { giveUpMs = DEFAULT_GIVE_UP_MS } = {}) {
    const n = this.nextN++;
    const data = { by: this.name, n };
    const idempotencyKey = this.idempotent ? `${this.name}-${n}` : undefined;
    const startedAt = Date.now();
    let attempts = 0;
    for (;;) {
      const candidates = this.nodes().filter((hub) => hub.alive);
      if (candidates.length === 0) {
        throw new Error(`${this.name}: no live node to publish ${idempotencyKey} through`);
      }
      const hub = candidates[this.turn++ % candidates.length];
      attempts += 1;
      const outcome = await hub.tryPublish(channel, data, { idempotencyKey, timeoutMs: ATTEMPT_TIMEOUT_MS });
      if (outcome.result) {
        const ack = {
          channel, n, data, offset: outcome.result.offset, epoch: outcome.result.epoch,
          via: hub.nodeName, attempts, startedAt, ms: Date.now() - startedAt, at: Date.now(),
        };
        if (typeof ack.offset !== 'number' || typeof ack.epoch !== 'string') {
          throw new Error(`${this.name}: publish to ${channel} answered without a stream position: `
            + `${JSON.stringify(outcome.result)}`);
        }
        this.acks.push(ack);
        if (this.slowest === null || ack.ms > this.slowest.ms) {
          this.slowest = ack;
        }
        return ack;
      }
      this.failedAttempts.push({
        at: Date.now(), key: `${this.name}-${n}`, via: hub.nodeName, why: JSON.stringify(outcome.error || outcome.failure),
      });
      if (!this.idempotent) {
        this.unknown.push({ channel, n, data });
        return null;
      }
      if (Date.now() - startedAt > giveUpMs) {
        throw new Error(`${this.name}: ${idempotencyKey} to ${channel} not acknowledged after ${attempts} attempts `
          + `in ${Date.now() - startedAt} ms; last: ${this.failedAttempts.at(-1).why}`);
      }
      await sleep(RETRY_PAUSE_MS);
    }
  }

  /** `count` publications to each of `channels`, one after the other. */
  async publishEach(channels, count) {
    for (let i = 0; i < count; i++) {
      for (const channel of channels) {
        await this.publish(channel);
      }
    }
  }

  /**
   * Publishes round-robin over `channels` until `stop()` (or `maxCount` publications),
   * pausing `pauseMs` between them; resolves when the loop has ended.
   */
  async runUntilStopped(channels, { pauseMs = 20, maxCount = 2_000 } = {}) {
    this.stopped = false;
    for (let i = 0; !this.stopped && i < maxCount; i++) {
      await this.publish(channels[i % channels.length]);
      await sleep(pauseMs);
    }
  }

  stop() {
    this.stopped = true;
  }

  /** Acknowledgements for `channel` in offset order. */
  ackedOn(channel) {
    return this.acks.filter((a) => a.channel === channel).sort((a, b) => a.offset - b.offset);
  }

  /** Publications to `channel` whose outcome is unknown (keyless ones that failed). */
  unknownOn(channel) {
    return this.unknown.filter((u) => u.channel === channel);
  }

  /** Acknowledgements whose publish was under way at `time` (began before, answered after). */
  inFlightAt(time) {
    return this.acks.filter((a) => a.startedAt <= time && a.at >= time);
  }

  /** One line for a test diagnostic. */
  summary() {
    const slowest = this.slowest ? `${this.slowest.ms} ms (${this.slowest.attempts} attempts)` : 'n/a';
    const unknown = this.idempotent ? '' : ` (no idempotency key: ${this.unknown.length} of unknown outcome)`;
    return `${this.name}: ${this.acks.length} acknowledged, ${this.failedAttempts.length} failed attempts${unknown}, `
      + `slowest acknowledgement ${slowest}`;
  }

  /** The failed attempts, for failure reports. */
  formatFailures(limit = 40) {
    const shown = this.failedAttempts.slice(-limit).map((f) => `  ${new Date(f.at).toISOString()} ${f.key} via `
      + `${f.via}: ${f.why}`);
    return `--- failed publish attempts of ${this.name} (last ${shown.length} of ${this.failedAttempts.length}) ---\n`
      + `${shown.join('\n')}`;
  }
}

module.exports = { ReliablePublisher };
