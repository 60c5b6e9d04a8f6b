#!/usr/bin/env bash
# A/B: main's jar against the coalescer change, S=$1, 10 pubs/s, 120 s warm-up, two bench runs (passes).
S=$1; NAME=$2
cd /work/main
for pass in 1 2; do
  echo "start $NAME-p$pass $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
  bench/run fanout --hub-jar /tmp/s13/hub-main.jar --target hub --hub-variants "idle-send:jar=/tmp/s13/hub-coal.jar" \
    --subs $S --start $((S*10)) --max-rate 10 --step-seconds 20 --warm-up-seconds 120 --p99-limit-ms 1000000 \
    --driver node --max-wait 30 --max-load 1.2 --name $NAME-p$pass --out /tmp/s13/res/$NAME-p$pass
done
echo "end $(date -u +%FT%TZ)"
