#!/usr/bin/env bash
# RSS as it runs at $1 connections: the new default (1 loop here) with the periodic G1 cycle at 5 s (the default)
# and at 2 s, against Socket.IO; hub jar $3.
N=$1; NAME=$2; JAR=$3
cd /work/main
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run rss --hub-jar $JAR --target socketio --hub-variants "loops1:http.eventLoops=1;loops1-gc2s:http.eventLoops=1,jvm.periodicGcIntervalMs=2000;loops1-again:http.eventLoops=1" --conns $N \
  --settle-seconds 60 --driver node --max-wait 60 --max-load 1.2 --out /tmp/s13/res/$NAME
echo "end $(date -u +%FT%TZ)"
