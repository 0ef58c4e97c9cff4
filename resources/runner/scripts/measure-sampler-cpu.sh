#!/usr/bin/env bash
# Measures the CPU cost of the runner's idle power sampler on this host (Linux).
#   scripts/measure-sampler-cpu.sh [BIN_DIR] [HZ] [SECONDS] [MODEL_ID]
# Starts aurora-runner with the simulated engine against a fake sysfs tree (AURORA_DEVICE_ROOT), waits for
# "ready", then measures the process's on-CPU time over SECONDS of idle sampling: per-thread schedstat (ns),
# falling back to /proc/<pid>/stat ticks. Prints one JSON line:
#   {"hz":20,"seconds":5,"samples":100,"cpu_ms":..,"cpu_percent":..,"us_per_sample":..,"method":"schedstat"}
# On a phone: push the runner, then run the same loop with adb shell reading /proc/<pid>/task/*/schedstat.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$here/build/host-$(uname -m)}
hz=${2:-20}
secs=${3:-5}
model=${4:-gemma-270m}
[ -x "$bin/aurora-runner" ] || { echo "no $bin/aurora-runner: run make host first" >&2; exit 1; }

root=$(mktemp -d)
out="$root/out.jsonl"
pid=""
keep=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "$keep" ] && kill "$keep" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

ps_dir="$root/sys/class/power_supply/battery"
mkdir -p "$ps_dir" "$root/data/local/tmp/aurora/models"
echo -1469687 > "$ps_dir/current_now"
echo 4012000 > "$ps_dir/voltage_now"
echo 3270000 > "$ps_dir/charge_counter"
echo 274 > "$ps_dir/temp"
cp -r "$here/models/$model" "$root/data/local/tmp/aurora/models/"

mkfifo "$root/in"
sleep $((secs + 30)) > "$root/in" & # holds stdin open while we measure
keep=$!
AURORA_DEVICE_ROOT="$root" AURORA_SIM_TIME_SCALE=0.01 \
  "$bin/aurora-runner" --model "/data/local/tmp/aurora/models/$model" --sample-hz "$hz" < "$root/in" > "$out" 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do grep -q '"type":"ready"' "$out" 2>/dev/null && break; sleep 0.05; done
grep -q '"type":"ready"' "$out" || { echo "runner did not get ready" >&2; exit 1; }

cpu_ns() { # on-CPU ns of all threads, or "" when schedstat is unavailable
  local total=0 f v
  for f in /proc/"$pid"/task/*/schedstat; do
    read -r v _ < "$f" 2>/dev/null || return 1
    total=$((total + v))
  done
  echo "$total"
}
ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' /proc/"$pid"/stat; }

method=schedstat
a=$(cpu_ns || true)
[ -z "$a" ] && method=stat && a=$(ticks)
s0=$(grep -c '"type":"sample"' "$out" || true)
t0=$(date +%s%N)
sleep "$secs"
if [ "$method" = schedstat ]; then b=$(cpu_ns); else b=$(ticks); fi
t1=$(date +%s%N)
s1=$(grep -c '"type":"sample"' "$out" || true)

awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v hz="$hz" -v m="$method" -v tck="$(getconf CLK_TCK)" 'BEGIN {
  cpu_ms = (m == "schedstat") ? (b - a) / 1e6 : (b - a) * 1000 / tck
  wall_ms = (t1 - t0) / 1e6
  n = s1 - s0
  printf "{\"hz\":%s,\"seconds\":%.3f,\"samples\":%d,\"cpu_ms\":%.3f,\"cpu_percent\":%.4f,\"us_per_sample\":%s,\"method\":\"%s\"}\n",
    hz, wall_ms / 1000, n, cpu_ms, 100 * cpu_ms / wall_ms, (n > 0 ? sprintf("%.1f", 1000 * cpu_ms / n) : "null"), m
}'
