#!/usr/bin/env bash
# RSS as it runs at $1 connections: the settle wait after a burst (jvm.periodicGcSettleMs 1000, the new default)
# against none (0, the previous behaviour), hub first and last, against Socket.IO; hub jar $3.
N=$1; NAME=$2; JAR=$3
cd /work/main
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run rss --hub-jar $JAR --target socketio --hub-variants "settle:jvm.periodicGcSettleMs=1000;nosettle:jvm.periodicGcSettleMs=0;settle-again:jvm.periodicGcSettleMs=1000" --conns $N \
  --settle-seconds 60 --driver node --max-wait 60 --max-load 1.2 --out /tmp/s13/res/$NAME
echo "end $(date -u +%FT%TZ)"
