#!/usr/bin/env bash
# Fan-out at S=$1, 10 pubs/s, 30 s warm-up, in three bench runs (each writes its own results), each started only
# when it can end before the hard stop (10:27 UTC); then the write floor. The hub (--hub-jar) is the branch's jar.
S=$1; NAME=$2
cd /work/wt/perf5
A=/tmp/perf5/hub-after.jar; B=/tmp/perf5/hub-before.jar
STOP=$(date -u -d "10:27" +%s)
run() { # runs-count name targets variants
  local need=$(( $1 * 80 ))
  if [ $(( $(date +%s) + need )) -gt $STOP ]; then echo "skip $2: not enough time"; return; fi
  echo "start $2 $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  bench/run fanout --hub-jar $A --target $3 --hub-variants "$4" \
    --subs $S --start $((S*10)) --max-rate 10 --step-seconds 20 --warm-up-seconds 30 --p99-limit-ms 1000000 \
    --driver node --max-wait 5 --max-load 1.5 --name $NAME-$2 --out bench/results/perf5/$NAME-$2
}
run 4 a hub,socketio,vertx "before:jar=$B"
run 4 b hub "epoll:http.transport=epoll;io_uring:http.transport=io_uring;before:jar=$B"
run 3 c hub "io_uring:http.transport=io_uring;epoll:http.transport=epoll"
echo "floor $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
/tmp/perf5/write-floor 5000 30
echo "end $(date -u +%FT%TZ)"
