#!/usr/bin/env bash
# rss-gclog.sh on JDK 25: settle, none (G1's log for each), against Socket.IO.
N=$1; NAME=$2; JAR=$3; J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
cd /work/main
mkdir -p /tmp/s13/gclog
echo "start $NAME $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
bench/run rss --hub-jar $JAR --target socketio --hub-variants "jdk25-settle:java=$J25,jvm.periodicGcSettleMs=1000,jvm=-Xlog:gc:file=/tmp/s13/gclog/$NAME-settle.log:uptime;jdk25-nosettle:java=$J25,jvm.periodicGcSettleMs=0,jvm=-Xlog:gc:file=/tmp/s13/gclog/$NAME-nosettle.log:uptime" --conns $N \
  --settle-seconds 60 --driver node --max-wait 60 --max-load 1.2 --out /tmp/s13/res/$NAME
echo "end $(date -u +%FT%TZ)"
