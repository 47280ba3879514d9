#!/usr/bin/env bash
# The agent's own numbers, in one run:
#  1. drop-to-outbox latency of single 12 MP photos on an idle agent (p50, p95), and
#  2. the time to drain a burst of small photos through `hotfolders run`, against
#     `hotfolders process` on the same photos.
#   bench/agent.sh                  # 20 single drops, a burst of 2000
#   SINGLES=40 BURST=5000 bench/agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SINGLES=${SINGLES:-20}
BURST=${BURST:-2000}
SETTLE=${SETTLE:-2s}
BIN=${BIN:-$PWD/.build/release/hotfolders}
out=$PWD/bench/out/agent
rm -rf "$out"; mkdir -p "$out/photos12" "$out/burst"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; [ -n "${agent:-}" ] && kill $agent 2>/dev/null || true' EXIT

echo "Generating $SINGLES photos of 12 MP and $BURST small ones ..."
for band in r g b; do vips perlin "$tmp/$band.v" 4240 2832 --cell-size 200 --seed ${#band}; done
vips bandjoin "$tmp/r.v $tmp/g.v $tmp/b.v" "$tmp/base.v"
vips gaussnoise "$tmp/n.v" 4240 2832 --sigma 5
for i in $(seq 1 "$SINGLES"); do
  vips linear "$tmp/base.v" "$tmp/lin.v" "110 110 110" "$((90 + i)) 128 128"
  vips add "$tmp/lin.v" "$tmp/n.v" "$tmp/g.v"; vips cast "$tmp/g.v" "$tmp/u.v" uchar
  vips copy "$tmp/u.v" "$tmp/s.v" --interpretation srgb
  vips jpegsave "$tmp/s.v" "$out/photos12/IMG_$(printf %04d "$i").jpg" --Q 92
done
python3 - "$out/burst" "$BURST" <<'PY'
import os, struct, sys, zlib
# Distinct tiny PNGs (64x64, a colour per photo): fast to make, each a different photo.
folder, count = sys.argv[1], int(sys.argv[2])
def png(r, g, b):
    raw = b"".join(b"\x00" + bytes([r, g, b]) * 64 for _ in range(64))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
for n in range(count):
    with open(os.path.join(folder, f"P{n:05d}.png"), "wb") as f:
        f.write(png(n % 256, (n // 256) % 256, 128))
PY

config() {  # config ROOT
  cat > "$1.toml" <<TOML
root = "$1"
state = "$1/state"
[defaults]
settle = "$SETTLE"
TOML
}

start_agent() {  # start_agent ROOT
  "$BIN" run --config "$1.toml" > "$1.out" 2> "$1.err" &
  agent=$!
  until grep -q '"event":"ready"' "$1/state/events.jsonl" 2>/dev/null; do sleep 0.05; done
}

stop_agent() { kill -TERM "$agent"; wait "$agent" || true; agent=""; }

# --- 1. latency: one photo at a time, on an idle agent ---------------------------------------
config "$out/lat"; mkdir -p "$out/lat/inbox/Latency"
start_agent "$out/lat"
: > "$out/latencies"
for f in "$out"/photos12/*.jpg; do
  name=$(basename "$f" .jpg)
  cp "$f" "$out/lat/$name.jpg"
  t0=$(date +%s.%N)
  mv "$out/lat/$name.jpg" "$out/lat/inbox/Latency/"
  until [ -e "$out/lat/outbox/Latency/web/$name.webp" ]; do sleep 0.002; done
  t1=$(date +%s.%N)
  python3 -c "print('$name.jpg', float('$t1') - float('$t0'))" >> "$out/latencies"
done
stop_agent

# --- 2. burst: drain through the agent vs process --------------------------------------------
config "$out/agent"; mkdir -p "$out/agent/inbox"
start_agent "$out/agent"
cp -r "$out/burst" "$out/agent/staging"
t0=$(date +%s.%N)
mv "$out/agent/staging" "$out/agent/inbox/Burst"
until [ "$(grep -c '"event":"processed"' "$out/agent/state/events.jsonl")" -ge "$BURST" ]; do sleep 0.1; done
t1=$(date +%s.%N)
stop_agent
agent_seconds=$(python3 -c "print(float('$t1') - float('$t0'))")

config "$out/batch"; mkdir -p "$out/batch/inbox"
cp -r "$out/burst" "$out/batch/inbox/Burst"
t0=$(date +%s.%N)
"$BIN" process --config "$out/batch.toml" > "$out/batch.out"
t1=$(date +%s.%N)
batch_seconds=$(python3 -c "print(float('$t1') - float('$t0'))")

python3 - "$out/latencies" "$SETTLE" "$BURST" "$agent_seconds" "$batch_seconds" "$out/lat/state/events.jsonl" <<'PY'
import json, sys
pairs = [line.split() for line in open(sys.argv[1])]
settle, burst, agent, batch = sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
# The pipeline's own time per photo (the processed event's ms): what is left of the latency
# after the settle wait and the processing is the agent's overhead (event, wake, queue).
ms = {}
for line in open(sys.argv[6]):
    e = json.loads(line)
    if e.get("event") == "processed": ms[e["file"]] = float(e["ms"]) / 1000
seconds = float(settle[:-2]) / 1000 if settle.endswith("ms") else float(settle[:-1])
lat = sorted(float(t) for _, t in pairs)
over = sorted((float(t) - seconds - ms[name]) * 1000 for name, t in pairs)
p = lambda xs, q: xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
print(f"\nDrop-to-outbox latency, {len(lat)} single 12 MP JPEGs, settle {settle}:")
print(f"  p50 {p(lat, 0.5):.2f} s   p95 {p(lat, 0.95):.2f} s   (min {lat[0]:.2f} s, max {lat[-1]:.2f} s)")
print(f"  beyond settle + processing: p50 {p(over, 0.5):.0f} ms   p95 {p(over, 0.95):.0f} ms")
print(f"Burst of {burst} photos:")
print(f"  hotfolders run     {agent:7.2f} s  ({burst / agent:7.1f} photos/s, settle included)")
print(f"  hotfolders process {batch:7.2f} s  ({burst / batch:7.1f} photos/s)")
PY
