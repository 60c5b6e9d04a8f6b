#!/bin/bash
# usage: idle.sh JAR CONNS SECONDS LABEL [extra hub args...]
JAR=$1; N=$2; SECS=$3; LABEL=$4; shift 4
cd /tmp/perf2
java -XX:+UseG1GC -Xmx4g $JOPTS -jar $JAR -conf hub.json (the bench config: HubConfigFile.json with ping 25 s, pong 8 s) "$@" > hub-$LABEL.log 2>&1 &
HUB=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:18411/ready && break; sleep 0.5; done
B=$((RANDOM % 200 + 20))
mkfifo drv-in-$LABEL 2>/dev/null
( echo "connect $N 0 1 bench:idle"; sleep $((SECS * ${WINDOWS:-1} + 25)); echo quit ) | node /work/wt/perf2/bench/driver/client.js hub 127.0.0.1 18411 127.$B.0.2,127.$B.0.3 bench-only-secret-not-for-any-real-deployment > drv-$LABEL.out 2> drv-$LABEL.err &
DRV=$!
for i in $(seq 1 120); do grep -q "event\":\"connect" drv-$LABEL.out 2>/dev/null && break; sleep 0.5; done
head -c 300 drv-$LABEL.out; echo
sleep 5
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
threads() { for t in /proc/$HUB/task/*; do echo "$(cat $t/comm)|$(awk '{print $14+$15}' $t/stat)"; done; }
threads > thr0-$LABEL.txt
for w in $(seq 1 ${WINDOWS:-1}); do
threads > thr0-$LABEL.txt
C0=$(cpu $HUB); D0=$(cpu $DRV); T0=$(date +%s.%N)
sleep $SECS
C1=$(cpu $HUB); D1=$(cpu $DRV); T1=$(date +%s.%N)
threads > thr1-$LABEL.txt
echo "$LABEL window $w conns=$N hubCPU=$(( C1 - C0 )) ticks driverCPU=$(( D1 - D0 )) ticks over $(echo "$T1 - $T0" | bc) s; load $(cat /proc/loadavg)"
join -t'|' <(sort thr0-$LABEL.txt | awk -F'|' '{a[$1]+=$2} END{for(k in a) print k"|"a[k]}' | sort) <(sort thr1-$LABEL.txt | awk -F'|' '{a[$1]+=$2} END{for(k in a) print k"|"a[k]}' | sort) | awk -F'|' '$3-$2>0 {print "  " $1, $3-$2}' | sort -k2 -n -r -t' '
done
curl -s http://127.0.0.1:18411/metrics | grep -E '^hub_sessions_live|^hub_timers_live'
kill $DRV 2>/dev/null; kill $HUB; wait $HUB 2>/dev/null
