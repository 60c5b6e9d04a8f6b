#!/usr/bin/env bash
# Runs the fan-out bench and, during each target's measured step, records perf system-wide for WIN seconds,
# plus utime/stime of the server pid from /proc. Usage: profile.sh OUTDIR bench-args...
set -u
OUT=$1; shift
WIN=${WIN:-17}
mkdir -p "$OUT"
cd /work/wt/perf5
bench/run "$@" 2> >(tee "$OUT/bench.err" >&2) > "$OUT/bench.out" &
RUNPID=$!
sleep 2
n=0
tail -n +1 -F "$OUT/bench.err" 2>/dev/null | while read -r line; do
  case "$line" in
    *"warm-up "*"(not recorded)"*)
      label=${line%% warm-up*}
      n=$((n+1)); tag="$n-${label//\//_}"
      # the bench: warm-up W s, sleep 1 s, fleet.reset, step starts; start 2 s into the step
      w=$(echo "$line" | sed -E 's/.* warm-up ([0-9.]+) s.*/\1/')
      sleep $(echo "$w + 3" | bc)
      BJ=$(pgrep -f "realtime-hub-bench.jar fanout" | head -1)
      SP=""
      for c in $(pgrep -P "$BJ"); do
        a=$(tr '\0' ' ' < /proc/$c/cmdline)
        case "$a" in *realtime-hub.jar*|*BareVertxPeer*|*socketio-server.js*) SP=$c;; esac
      done
      echo "$tag server pid $SP: $(tr '\0' ' ' < /proc/$SP/cmdline | cut -c1-300)" >> "$OUT/pids.txt"
      s0=$(awk '{print $14, $15}' /proc/$SP/stat); t0=$(date +%s.%N)
      perf record -a -g -F 499 -o "$OUT/$tag.perf.data" -- sleep $WIN 2> "$OUT/$tag.perf.err"
      s1=$(awk '{print $14, $15}' /proc/$SP/stat); t1=$(date +%s.%N)
      case "$(tr '\0' ' ' < /proc/$SP/cmdline)" in *java*) jcmd $SP Compiler.perfmap > "$OUT/$tag.perfmap.txt" 2>&1 ;; esac
      echo "$tag pid=$SP ticks0=$s0 ticks1=$s1 t0=$t0 t1=$t1" >> "$OUT/stat.txt"
      ;;
  esac
  kill -0 $RUNPID 2>/dev/null || break
done &
MON=$!
wait $RUNPID
sleep 1
kill $MON 2>/dev/null
TP=$(pgrep -f "tail -n +1 -F $OUT/bench.err"); [ -n "$TP" ] && kill $TP
