#!/usr/bin/env bash
# The catalog's backup, measured on a catalog of PHOTOS photos (default 100,000: generated rows,
# one done photo with one output each, as `process` records them), beside SQLite's own CLI doing
# the same online backup (`.backup`) and the same verification (`PRAGMA integrity_check`) that
# `hotfolders catalog backup` does. Then the photo throughput of `hotfolders process` on COUNT
# photos into that catalog, alone and while `hotfolders catalog backup` runs again and again
# (the agent's daily backup uses the same code: a read transaction on the live file).
#
#   bench/catalog.sh                   # 100,000 photos in the catalog, 40 photos of 6 MP processed
#   PHOTOS=20000 COUNT=20 bench/catalog.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PHOTOS=${PHOTOS:-100000}
COUNT=${COUNT:-40}
MP=${MP:-6}
WORKERS=${WORKERS:-$(nproc)}
BIN=${BIN:-.build/release/hotfolders}
out=bench/out/catalog
rm -rf "$out"; mkdir -p "$out/root/inbox" "$out/photos"

cat > "$out/hf.toml" <<TOML
root = "$PWD/$out/root"
state = "$PWD/$out/state"
workers = $WORKERS
backup_interval = "off"
[defaults.preprocess]
max_edge = 2048
format = "webp"
quality = 90
TOML
"$BIN" status --config "$out/hf.toml" >/dev/null  # creates and migrates the catalog
db=$out/state/catalog.sqlite
echo "Filling the catalog with $PHOTOS photos ..."
sqlite3 "$db" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $PHOTOS)
INSERT INTO photo (album, original_name, size, sha256, status, disposition, disposition_path, first_seen, updated, finished)
SELECT 'Album ' || (i % 50), 'IMG_' || i || '.jpg', 3000000 + i, printf('%064x', i), 'done', 'archived',
       'originals/Album ' || (i % 50) || '/IMG_' || i || '.jpg',
       '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:01.000Z', '2026-11-01T10:00:01.000Z' FROM n;
INSERT INTO output (photo_id, variant, path, bytes, sha256, width, height, format, written, md5)
SELECT id, 'web', 'outbox/' || album || '/web/IMG_' || id || '.webp', 400000, printf('%064x', id + 1000000000),
       2048, 1365, 'webp', updated, printf('%032x', id) FROM photo;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
size_mb=$(python3 -c "import os; print(round(os.path.getsize('$db') / 1e6, 1))")

seconds() { python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$(date +%s.%N)" "$1"; }

start=$(date +%s.%N)
"$BIN" catalog backup --config "$out/hf.toml" >/dev/null
hf_backup=$(seconds "$start")

start=$(date +%s.%N)
sqlite3 "$db" ".backup '$out/sqlite-copy.sqlite'"
sqlite_backup=$(seconds "$start")
start=$(date +%s.%N)
[ "$(sqlite3 "$out/sqlite-copy.sqlite" 'PRAGMA integrity_check')" = ok ]
sqlite_verify=$(seconds "$start")

echo "Generating $COUNT photos of $MP MP ..."
width=$(python3 -c "import math; print(int(math.sqrt($MP * 1e6 * 3 / 2)))")
height=$((width * 2 / 3))
vips perlin "$out/base.v" "$width" "$height" --cell-size 200
for i in $(seq 1 $((COUNT * 3))); do
  vips linear "$out/base.v" "$out/lin.v" 180 "$i"
  vips cast "$out/lin.v" "$out/u8.v" uchar
  vips colourspace "$out/u8.v" "$out/srgb.v" srgb --source-space b-w
  vips jpegsave "$out/srgb.v" "$out/photos/IMG_$(printf %04d "$i").jpg" --Q 90
done
rm -f "$out"/*.v

run_process() {  # album, first photo, photos: the seconds `process` took
  mkdir -p "$out/root/inbox/$1"
  for i in $(seq "$2" $(($2 + $3 - 1))); do cp "$out/photos/IMG_$(printf %04d "$i").jpg" "$out/root/inbox/$1/"; done
  local start; start=$(date +%s.%N)
  "$BIN" process --config "$out/hf.toml" >/dev/null
  seconds "$start"
}

# Backups back to back for the whole run, counted: each is a read transaction on the live
# file, so photos go on being recorded; what they cost is the CPU they take from the workers.
# The same loop with sqlite3's .backup shows what any online backup of this file costs.
loop_backups() {  # command..., counts into $out/loop.count
  echo 0 > "$out/loop.count"
  ( n=0; while :; do "$@" >/dev/null 2>&1 || true; n=$((n + 1)); echo $n > "$out/loop.count"; done ) &
  loop=$!
}
stop_loop() { kill "$loop" 2>/dev/null || true; wait "$loop" 2>/dev/null || true; cat "$out/loop.count"; }

alone=$(run_process Alone 1 "$COUNT")
loop_backups "$BIN" catalog backup --config "$out/hf.toml"
during=$(run_process During $((COUNT + 1)) "$COUNT")
backups=$(stop_loop)
loop_backups sqlite3 "$db" ".backup '$out/sqlite-loop.sqlite'"
during_sqlite=$(run_process DuringSQLite $((2 * COUNT + 1)) "$COUNT")
sqlite_backups=$(stop_loop)

python3 - "$PHOTOS" "$size_mb" "$hf_backup" "$sqlite_backup" "$sqlite_verify" "$COUNT" "$alone" "$during" "$WORKERS" \
  "$backups" "$during_sqlite" "$sqlite_backups" <<'PY'
import sys
photos, size, hb, sb, sv, n, alone, during, w, backups, during_sqlite, sqlite_backups = sys.argv[1:]
hb, sb, sv, alone, during, during_sqlite = float(hb), float(sb), float(sv), float(alone), float(during), float(during_sqlite)
n = int(n)
print(f"\nCatalog of {int(photos):,} photos ({size} MB)")
print(f"  hotfolders catalog backup (backup API + integrity check + fsync): {hb:6.2f} s")
print(f"  sqlite3 .backup, then PRAGMA integrity_check:                  {sb + sv:6.2f} s ({sb:.2f} + {sv:.2f})")
print(f"  ratio (hotfolders / sqlite3): {hb / (sb + sv):.2f}x")
print(f"\n{n} photos of 6 MP through hotfolders process, {w} workers, into that catalog")
print(f"  alone:                          {n / alone:6.2f} photos/s ({alone:.2f} s)")
print(f"  hotfolders catalog backup looping: {n / during:6.2f} photos/s ({during:.2f} s, {backups} backups made meanwhile)")
print(f"  sqlite3 .backup looping:           {n / during_sqlite:6.2f} photos/s ({during_sqlite:.2f} s, {sqlite_backups} backups made meanwhile)")
print(f"  throughput kept: {alone / during * 100:.0f}% beside hotfolders' backups, {alone / during_sqlite * 100:.0f}% beside sqlite3's")
PY
