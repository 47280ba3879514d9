#!/usr/bin/env bash
# Times `hotfolders process` against libvips's own vipsthumbnail doing the same job (fit in
# 2048 px, auto-rotate, WebP q90) on the same large JPEGs with the same parallelism, in one run.
# Prints photos per second, peak memory (max RSS, summed over concurrent processes) and ratios.
# Then the same photos through every rule that needs no server (metadata, rename, two sizes in
# WebP and JPEG, watermark), to show what those rules cost on top of preprocess.
#
#   bench/run.sh                 # 20 photos of 24 MP, every 4th with EXIF Orientation 6
#   COUNT=40 MP=12 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-20}
MP=${MP:-24}
WORKERS=${WORKERS:-$(nproc)}
BIN=${BIN:-.build/release/hotfolders}
out=bench/out
photos=$out/photos

width=$(python3 -c "import math; print(int(math.sqrt($MP * 1e6 * 3 / 2)))")
height=$((width * 2 / 3))

if [ "$(ls "$photos" 2>/dev/null | wc -l)" -ne "$COUNT" ] || [ ! -f "$photos/.size-$width-grain5" ]; then
  echo "Generating $COUNT photos of ${width}x${height} ..."
  rm -rf "$photos"; mkdir -p "$photos"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  for base in 0 1 2 3; do
    for band in r g b; do
      vips perlin "$tmp/$band.v" "$width" "$height" --cell-size $((150 + 60 * base)) --seed $((base * 3 + ${#band}))
    done
    vips bandjoin "$tmp/r.v $tmp/g.v $tmp/b.v" "$tmp/base$base.v"
  done
  # Sensor-like grain: without it the JPEGs are a few times smaller than a camera's and
  # decode unrealistically fast (a real 24 MP JPEG at q92 is 8-12 MB).
  for band in r g b; do
    vips gaussnoise "$tmp/n$band.v" "$width" "$height" --sigma 5 --mean 0 --seed ${#band}$RANDOM
  done
  vips bandjoin "$tmp/nr.v $tmp/ng.v $tmp/nb.v" "$tmp/noise.v"
  for i in $(seq 1 "$COUNT"); do
    # A different brightness per photo, so no two are the same content (hotfolders would
    # rightly skip a duplicate).
    vips linear "$tmp/base$((i % 4)).v" "$tmp/lin.v" "110 110 110" "$((100 + i)) 128 128"
    vips add "$tmp/lin.v" "$tmp/noise.v" "$tmp/grain.v"
    vips cast "$tmp/grain.v" "$tmp/u8.v" uchar
    vips copy "$tmp/u8.v" "$tmp/srgb.v" --interpretation srgb
    vips jpegsave "$tmp/srgb.v" "$photos/IMG_$(printf %04d "$i").jpg" --Q 92
    if [ $((i % 4)) -eq 0 ]; then bench/make-photos.py 6 "$photos/IMG_$(printf %04d "$i").jpg"; fi
  done
  touch "$photos/.size-$width-grain5"
fi

peak_kb() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$1"; }

# --- vipsthumbnail: WORKERS processes, the photos split between them -------------------------
rm -rf "$out/vips"; mkdir -p "$out/vips"
mapfile -t files < <(ls "$photos"/*.jpg)
start=$(date +%s.%N)
pids=()
for w in $(seq 0 $((WORKERS - 1))); do
  part=()
  for i in "${!files[@]}"; do [ $((i % WORKERS)) -eq "$w" ] && part+=("${files[$i]}"); done
  /usr/bin/time -v -o "$out/vips-time-$w" vipsthumbnail -s 2048 -o "$PWD/$out/vips/%s.webp[Q=90]" "${part[@]}" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
vips_seconds=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$(date +%s.%N)" "$start")
vips_kb=0
for w in $(seq 0 $((WORKERS - 1))); do vips_kb=$((vips_kb + $(peak_kb "$out/vips-time-$w"))); done

# --- hotfolders process: one process, WORKERS photos in flight ------------------------------
rm -rf "$out/hf"; mkdir -p "$out/hf/root"
cat > "$out/hf.toml" <<TOML
root = "$PWD/$out/hf/root"
state = "$PWD/$out/hf/state"
workers = $WORKERS
[defaults.preprocess]
max_edge = 2048
format = "webp"
quality = 90
TOML
start=$(date +%s.%N)
/usr/bin/time -v -o "$out/hf-time" "$BIN" process --config "$out/hf.toml" --album Bench "$photos" > "$out/hf.log"
hf_seconds=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$(date +%s.%N)" "$start")
hf_kb=$(peak_kb "$out/hf-time")
made=$(find "$out/hf/root/outbox" -name '*.webp' | wc -l)
[ "$made" -eq "$COUNT" ] || { echo "hotfolders made $made of $COUNT outputs"; exit 1; }

# --- hotfolders, every rule that needs no server: what rename, derivatives and a watermark add
# on top of the same preprocess (two sizes in two formats, each marked at its own size).
rm -rf "$out/full"; mkdir -p "$out/full/root"
cat > "$out/full.toml" <<TOML
root = "$PWD/$out/full/root"
state = "$PWD/$out/full/state"
workers = $WORKERS
[defaults]
rules = ["metadata", "preprocess", "rename", "derivatives", "watermark"]
[defaults.preprocess]
max_edge = 2048
format = "webp"
quality = 90
[defaults.derivatives]
sizes = [256, 1024]
formats = ["webp", "jpeg"]
[defaults.watermark]
owner = "Bench"
TOML
start=$(date +%s.%N)
/usr/bin/time -v -o "$out/full-time" "$BIN" process --config "$out/full.toml" --album Bench "$photos" > "$out/full.log"
full_seconds=$(python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$(date +%s.%N)" "$start")
full_kb=$(peak_kb "$out/full-time")
made=$(find "$out/full/root/outbox" -type f \( -name '*.webp' -o -name '*.jpg' \) | wc -l)
[ "$made" -eq $((COUNT * 5)) ] || { echo "hotfolders (every rule) made $made of $((COUNT * 5)) outputs"; exit 1; }

python3 - "$COUNT" "$vips_seconds" "$vips_kb" "$hf_seconds" "$hf_kb" "$WORKERS" "$width" "$height" "$full_seconds" "$full_kb" <<'PY'
import sys
n, vs, vk, hs, hk, w, width, height, fs, fk = sys.argv[1:]
n = int(n); vs, hs, fs = float(vs), float(hs), float(fs); vk, hk, fk = int(vk), int(hk), int(fk)
print(f"\n{n} JPEGs of {width}x{height}, fit in 2048 px, WebP q90, {w} in parallel")
print(f"{'':24}{'photos/s':>10}{'seconds':>10}{'peak RSS MB':>14}")
print(f"{'vipsthumbnail x' + w:24}{n / vs:10.2f}{vs:10.2f}{vk / 1024:14.0f}")
print(f"{'hotfolders process':24}{n / hs:10.2f}{hs:10.2f}{hk / 1024:14.0f}")
print(f"throughput ratio (hotfolders / vipsthumbnail): {vs / hs:.2f}x; memory ratio: {hk / vk:.2f}x")
print(f"{'hotfolders, every rule':24}{n / fs:10.2f}{fs:10.2f}{fk / 1024:14.0f}")
print(f"every rule (metadata, rename, 2 sizes x WebP+JPEG, watermark): {fs / hs:.2f}x the time of preprocess alone")
PY
