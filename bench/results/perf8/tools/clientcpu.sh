#!/usr/bin/env bash
# The Node client's own CPU per delivery for the hub (default: 1 loop here) and Socket.IO at S=1000, 10 pubs/s:
# the bench run in the background, and the client process's utime+stime read from /proc over each measured step.
cd /work/main
LOG=/tmp/s13/clientcpu-run.log
bench/run fanout --hub-jar /tmp/s13/hub-new.jar --target hub,socketio,hub,socketio --subs 1000 --start 10000 --max-rate 10 \
  --step-seconds 20 --warm-up-seconds 60 --p99-limit-ms 1000000 --driver node --max-wait 30 --max-load 1.2 \
  --name clientcpu --out /tmp/s13/res/clientcpu > $LOG 2>&1 &
BENCH=$!
TCK=$(getconf CLK_TCK)
seen=0
while kill -0 $BENCH 2>/dev/null; do
  n=$(grep -c "warm-up" $LOG)
  if [ "$n" -gt "$seen" ]; then
    seen=$n
    label=$(grep "warm-up" $LOG | tail -1 | cut -d' ' -f1)
    sleep 62
    pid=$(pgrep -f "bench/driver/client.js" | head -1)
    a=$(awk '{print $14+$15}' /proc/$pid/stat)
    sleep 18
    b=$(awk '{print $14+$15}' /proc/$pid/stat)
    echo "$label client pid $pid: $(( b - a )) ticks in 18 s = $(echo "scale=2; ($b - $a) * 1000000 / $TCK / 180000" | bc) us per delivery"
  fi
  sleep 1
done
grep "rate=" $LOG
