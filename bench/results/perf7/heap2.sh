#!/usr/bin/env bash
# perf7: the subscriber-set cut (cut2) on epoll (auto) and nio, one hold of the lock, same flags as heap.sh.
set -u
cd /work/wt/perf7
now=$(date -u +%H%M); if [ "$now" -gt 1110 ]; then echo "lock came at $now: skipped"; exit 0; fi
uptime
bench/run rss --hub-jar /tmp/perf7/cut2.jar --target hub --conns 5000 --settle-seconds 10 --driver node --max-wait 20 --max-load 2 \
  --hub-variants "nio:http.transport=nio" \
  --heap-snapshots /tmp/perf7/snap2 --out bench/results/perf7/heap-cut2
uptime
