#!/usr/bin/env bash
# Puts a few generated sample photos into <inbox>/Sample/ the first time only (a marker beside
# the inbox remembers), so `make run` has something to process on a machine with no photos of
# its own, and running it again does not drop the same samples in as duplicates.
set -euo pipefail
inbox=${1:?usage: make-sample-photos.sh INBOX}
album="$inbox/Sample"
marker="$inbox/../.samples-made"
[ -e "$marker" ] && exit 0
mkdir -p "$album"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3; do
  # A smooth, photo-like colour field: Perlin noise per band, scaled to 0-255.
  vips perlin "$tmp/r.v" 3000 2000 --cell-size $((200 * i)) --seed $i
  vips perlin "$tmp/g.v" 3000 2000 --cell-size $((300 * i)) --seed $((i + 10))
  vips perlin "$tmp/b.v" 3000 2000 --cell-size $((250 * i)) --seed $((i + 20))
  vips bandjoin "$tmp/r.v $tmp/g.v $tmp/b.v" "$tmp/rgb.v"
  vips linear "$tmp/rgb.v" "$tmp/lin.v" "110 110 110" "128 128 128" --uchar
  vips copy "$tmp/lin.v" "$tmp/srgb.v" --interpretation srgb
  vips jpegsave "$tmp/srgb.v" "$album/IMG_000$i.jpg" --Q 90
done
# Two carry what a phone would write (a place, a capture time with its offset); the third has no
# metadata at all, to show the fallbacks (no place in its name or its watermark).
here=$(dirname "$0")
python3 "$here/sample-exif.py" "$album/IMG_0001.jpg" 45.5088 -73.5878 "2024:07:14 18:32:05" -04:00
python3 "$here/sample-exif.py" "$album/IMG_0002.jpg" 46.8123 -71.2145 "2025:02:08 10:15:40" -05:00
touch "$marker"
echo "Sample photos are in $album/"
