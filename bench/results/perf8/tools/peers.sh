#!/usr/bin/env bash
# All targets at S=$1, 10 pubs/s, warm-up $4 s, hub jar $3, targets interleaved twice in one run.
S=$1; NAME=$2; JAR=$3; W=${4:-120}
cd /work/main
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run fanout --hub-jar $JAR --target hub,socketio,vertx,hub,socketio,vertx --hub-variants "loops1:http.eventLoops=1" \
  --subs $S --start $((S*10)) --max-rate 10 --step-seconds 20 --warm-up-seconds $W --p99-limit-ms 1000000 \
  --driver node --max-wait 30 --max-load 1.2 --name $NAME --out /tmp/s13/res/$NAME
echo "floor $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
/tmp/perf5/write-floor 5000 30
echo "end $(date -u +%FT%TZ)"
