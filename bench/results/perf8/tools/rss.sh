#!/usr/bin/env bash
# RSS as it runs and the connect + JWT + subscribe rate at $1 connections, hub first and last, hub jar $3.
N=$1; NAME=$2; JAR=$3
cd /work/main
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run rss --hub-jar $JAR --target hub,vertx,socketio,hub --hub-variants "loops1:http.eventLoops=1" --conns $N \
  --settle-seconds 60 --driver node --max-wait 60 --max-load 1.2 --out /tmp/s13/res/$NAME
echo "end $(date -u +%FT%TZ)"
