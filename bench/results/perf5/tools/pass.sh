#!/usr/bin/env bash
# One interleaved pass at S=$1 (hub = the branch's jar): hub, Socket.IO, bare Vert.x, then the hub variants $3; then the write floor.
S=$1; NAME=$2; VARIANTS=$3
cd /work/wt/perf5
echo "start $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run fanout --hub-jar /tmp/perf5/hub-after.jar --target hub,socketio,vertx --hub-variants "$VARIANTS" \
  --subs $S --start $((S*10)) --max-rate 10 --step-seconds 20 --warm-up-seconds 30 --p99-limit-ms 1000000 \
  --driver node --max-wait 10 --max-load 1.5 --name $NAME --out bench/results/perf5/$NAME
echo "floor $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
/tmp/perf5/write-floor 5000 30
echo "end $(date -u +%FT%TZ)"
