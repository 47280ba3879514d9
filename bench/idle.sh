#!/usr/bin/env bash
# What an idle agent costs: the CPU time `hotfolders run` uses in IDLE seconds while it watches
# ALBUMS albums and nothing arrives, beside `inotifywait -m -r` (inotify-tools: a bare watcher of
# the same tree, the floor for anything that watches with inotify), in one run.
#   bench/idle.sh                          # 50 albums, 60 s
#   ALBUMS=500 IDLE=120 bench/idle.sh
#   BEFORE=/path/to/older/hotfolders bench/idle.sh   # an older build side by side too
set -euo pipefail
cd "$(dirname "$0")/.."
ALBUMS=${ALBUMS:-50}
IDLE=${IDLE:-60}
BIN=${BIN:-$PWD/.build/release/hotfolders}
BEFORE=${BEFORE:-}
out=$PWD/bench/out/idle
rm -rf "$out"; mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
ticks=$(getconf CLK_TCK)

# utime + stime of a process (all its threads), in seconds.
cpu_seconds() { awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / t }' "/proc/$1/stat"; }

# Idles process $1 for IDLE seconds after a short quiet spell; prints CPU seconds per minute.
measure() {
  sleep 5
  local before after
  before=$(cpu_seconds "$1"); sleep "$IDLE"; after=$(cpu_seconds "$1")
  awk -v a="$after" -v b="$before" -v s="$IDLE" 'BEGIN { printf "%.3f", (a - b) * 60 / s }'
}

tree() {
  mkdir -p "$1/inbox"
  for i in $(seq 1 "$ALBUMS"); do mkdir -p "$1/inbox/Album $i"; done
}

agent() { # name binary
  local dir=$out/$1
  tree "$dir/root"
  cat > "$dir/hf.toml" <<TOML
root = "$dir/root"
state = "$dir/state"
TOML
  "$2" run --config "$dir/hf.toml" > "$dir/out.txt" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 1 600); do grep -q '"event":"ready"' "$dir/state/events.jsonl" 2>/dev/null && break; sleep 0.1; done
  grep -q '"event":"ready"' "$dir/state/events.jsonl" || { echo "$1: the agent did not start: $(cat "$dir/out.txt")" >&2; exit 1; }
  local used; used=$(measure "$pid")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$used"
}

echo "Idle for ${IDLE}s watching $ALBUMS albums (CPU seconds per minute; lower is better):"
tree "$out/inotifywait"
inotifywait -m -r -q -e close_write,moved_to,create "$out/inotifywait/inbox" > /dev/null &
iw=$!; pids+=("$iw")
printf '  %-34s %s s/min\n' "inotifywait -m -r" "$(measure "$iw")"
kill "$iw"
printf '  %-34s %s s/min\n' "hotfolders run" "$(agent hf "$BIN")"
if [ -n "$BEFORE" ]; then
  printf '  %-34s %s s/min\n' "hotfolders run ($BEFORE)" "$(agent before "$BEFORE")"
fi
