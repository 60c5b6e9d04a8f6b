'use strict';

const crypto = require('node:crypto');
const { HubProcess, freePort } = require('./hub_process');
const { waitUntil } = require('./deadlines');
const { recordIdleBaseline } = require('./stream_checks');

// Clustered JVMs take 8-15 s to start and join on a busy 2-core machine, so fault tests
// share one cluster and grow it only when a test needs more live nodes than are left.
// Nodes start in parallel; a node that fails to start fails the test that asked for it.

const DEFAULT_START_TIMEOUT_MS = 90_000;
// C1 only: a clustered start is mostly Hazelcast's one-off start-up code, which C2 spends
// a core compiling. Three nodes in parallel became ready in 23-38 s instead of 53-58 s on
// this machine under a load of 14-18; the few publications a test makes need no C2.
const CLUSTER_JVM_ARGS = ['-XX:TieredStopAtLevel=1'];

/** The metric every node exports: members of its cluster as this node sees them. */
async function membersSeenBy(hub) {
  return HubProcess.metricSum(await hub.metrics(), 'hub_cluster_members');
}

/**
 * The hubs of one Hazelcast cluster of this test run (a cluster name of its own, so it
 * never joins another run's nodes), started with `streams: true`. Nodes are named
 * `<prefix>-1`, `<prefix>-2`, ... in start order, and keep their names after they die.
 */
class HubCluster {
  constructor(prefix, { drainWindowMs = 1_000 } = {}) {
    this.prefix = prefix;
    this.clusterName = `compat-${prefix}-${crypto.randomBytes(6).toString('hex')}`;
    this.drainWindowMs = drainWindowMs;
    this.nodes = [];
  }

  /** Live nodes, oldest first. */
  live() {
    return this.nodes.filter((hub) => hub.alive);
  }

  /**
   * Starts `count` nodes at once; resolves when each is ready, its idle readings are
   * recorded and every live node sees them all as members. Returns the new nodes.
   */
  async grow(count, { readyTimeoutMs = DEFAULT_START_TIMEOUT_MS } = {}) {
    const ports = new Set();
    const taken = new Set(this.nodes.map((hub) => hub.port));
    while (ports.size < count) {
      const port = await freePort();
      if (!taken.has(port)) {
        ports.add(port);
      }
    }
    const started = await Promise.allSettled([...ports].map((port) => {
      const nodeName = `${this.prefix}-${this.nodes.length + 1 + [...ports].indexOf(port)}`;
      return HubProcess.start({
        nodeName, port, clusterName: this.clusterName, streams: true, drainWindowMs: this.drainWindowMs,
        readyTimeoutMs, extraJvmArgs: CLUSTER_JVM_ARGS,
      });
    }));
    const fresh = started.filter((o) => o.status === 'fulfilled').map((o) => o.value);
    this.nodes.push(...fresh);
    const failed = started.find((o) => o.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    await this.waitMembers(this.live().length);
    await Promise.all(fresh.map((hub) => recordIdleBaseline(hub)));
    return fresh;
  }

  /**
   * Starts nodes until at least `count` are alive and every live node has its backups in
   * sync; returns the live nodes. A test that kills a node right after another joined or
   * left would otherwise lose the partitions still being copied (a new epoch, recovered:false).
   */
  async ensure(count, options) {
    const missing = count - this.live().length;
    if (missing > 0) {
      await this.grow(missing, options);
    }
    await this.waitSafe();
    return this.live();
  }

  /** Waits until every live node reports hub_cluster_safe 1 (the backups of what it owns are in sync). */
  async waitSafe({ timeoutMs = 30_000 } = {}) {
    await waitUntil(`every live node of ${this.clusterName} to have its backups in sync`, async () => {
      const safe = await Promise.all(this.live().map(async (hub) => HubProcess.metricSum(await hub.metrics(),
        'hub_cluster_safe')));
      return safe.every((n) => n === 1);
    }, { timeoutMs, intervalMs: 100 });
  }

  /** Waits until every live node counts `expected` members (e.g. after one was killed). */
  async waitMembers(expected, { timeoutMs = 30_000 } = {}) {
    await waitUntil(`every live node of ${this.clusterName} to see ${expected} members`, async () => {
      const seen = await Promise.all(this.live().map((hub) => membersSeenBy(hub)));
      return seen.every((n) => n === expected);
    }, { timeoutMs, intervalMs: 100 });
  }

  /** Every node ever started (for failure reports, dead ones included). */
  all() {
    return [...this.nodes];
  }

  async killAll() {
    await Promise.all(this.nodes.map((hub) => hub.kill()));
  }
}

module.exports = { HubCluster, membersSeenBy };
