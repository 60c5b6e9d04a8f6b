#!/usr/bin/env bash
# Fan-out at S=$1, 10 pubs/s, 120 s warm-up for every target, two bench runs (passes), then the write floor.
S=$1; NAME=$2; JAR=${3:-/tmp/s13/hub-main.jar}
cd /work/main
for pass in 1 2; do
  echo "start $NAME-p$pass $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  bench/run fanout --hub-jar $JAR --target hub,socketio,vertx --hub-variants "loops1:http.eventLoops=1" \
    --subs $S --start $((S*10)) --max-rate 10 --step-seconds 20 --warm-up-seconds 120 --p99-limit-ms 1000000 \
    --driver node --max-wait 30 --max-load 1.2 --name $NAME-p$pass --out /tmp/s13/res/$NAME-p$pass
done
echo "floor $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
/tmp/perf5/write-floor 5000 30
echo "end $(date -u +%FT%TZ)"
