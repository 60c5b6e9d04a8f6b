#!/usr/bin/env bash
# The climb to the knee at S=$1 (p99 <= 100 ms), 60 s warm-up at the first rate, every target, hub jar $3.
S=$1; NAME=$2; JAR=$3
cd /work/main
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run fanout --hub-jar $JAR --target hub,socketio,vertx --hub-variants "loops1:http.eventLoops=1" --subs $S --start ${START:-$((S*10))} --step-seconds 10 \
  --max-rate 3000 --warm-up-seconds 60 --p99-limit-ms ${LIMIT:-100} --driver node --max-wait 30 --max-load 1.2 --name $NAME --out /tmp/s13/res/$NAME
echo "end $(date -u +%FT%TZ)"
