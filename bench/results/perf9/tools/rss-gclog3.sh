#!/usr/bin/env bash
# rss-gclog.sh with three hub runs: settle, none, settle (G1 log for each).
N=$1; NAME=$2; JAR=$3
cd /work/main
mkdir -p /tmp/s13/gclog
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run rss --hub-jar $JAR --target socketio --hub-variants "settle:jvm.periodicGcSettleMs=1000,jvm=-Xlog:gc:file=/tmp/s13/gclog/$NAME-settle.log:uptime;nosettle:jvm.periodicGcSettleMs=0,jvm=-Xlog:gc:file=/tmp/s13/gclog/$NAME-nosettle.log:uptime;settle-again:jvm.periodicGcSettleMs=1000,jvm=-Xlog:gc:file=/tmp/s13/gclog/$NAME-settle-again.log:uptime" --conns $N \
  --settle-seconds 60 --driver node --max-wait 60 --max-load 1.2 --out /tmp/s13/res/$NAME
echo "end $(date -u +%FT%TZ)"
