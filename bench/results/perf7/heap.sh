#!/usr/bin/env bash
# perf7: heap per idle subscribed connection, main's branch point (base) against the cuts, epoll (auto) and nio, one hold of the lock.
set -u
cd /work/wt/perf7
now=$(date -u +%H%M); if [ "$now" -gt 1108 ]; then echo "lock came at $now: skipped"; exit 0; fi
uptime
bench/run rss --hub-jar /tmp/perf7/base.jar --target hub --conns 5000 --settle-seconds 10 --driver node --max-wait 20 --max-load 2 \
  --hub-variants "nio:http.transport=nio;cut:jar=/tmp/perf7/cut.jar;cut-nio:jar=/tmp/perf7/cut.jar,http.transport=nio" \
  --heap-snapshots /tmp/perf7/snap --out bench/results/perf7/heap
uptime
