#!/usr/bin/env bash
# Fan-out at S=5,000, 10 pubs/s, 30 s warm-up: hub, Socket.IO, bare Vert.x, hub epoll, hub io_uring, one pass,
# started only when it can end before the hard stop (10:27 UTC).
cd /work/wt/perf5
STOP=$(date -u -d "10:27" +%s)
if [ $(( $(date +%s) + 5 * 95 )) -gt $STOP ]; then echo "skip S=5000: not enough time $(date -u +%T)"; exit 0; fi
echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run fanout --hub-jar /tmp/perf5/hub-after.jar --target hub,socketio,vertx \
  --hub-variants "epoll:http.transport=epoll;io_uring:http.transport=io_uring" \
  --subs 5000 --start 50000 --max-rate 10 --step-seconds 20 --warm-up-seconds 30 --p99-limit-ms 1000000 \
  --driver node --max-wait 5 --max-load 1.5 --name S5000 --out bench/results/perf5/S5000
echo "end $(date -u +%FT%TZ)"
