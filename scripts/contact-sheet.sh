#!/bin/sh
# Makes docs/styles-contact-sheet.jpg: one photo in each built-in look, made by hotfolders
# itself (`hotfolders process` with every look listed), labelled and tiled with the vips CLI.
#
# The photo is a crop of orientation/Portrait_1.jpg from the test corpus: from
# recurser/exif-orientation-examples, MIT licence, photo by John Salvino (Unsplash). The crop
# leaves out the orientation labels printed on it.
#
#   scripts/contact-sheet.sh [path/to/hotfolders]     (default: .build/debug/hotfolders)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${HOTFOLDERS_CORPUS:-$repo/../shared/corpus}
source="$corpus/orientation/Portrait_1.jpg"
bin=${1:-$repo/.build/debug/hotfolders}
out="$repo/docs/styles-contact-sheet.jpg"
looks="bw sepia duotone pop pixel_art pencil vignette grain warm cool"
tile=320

[ -f "$source" ] || { echo "no corpus photo at $source (set HOTFOLDERS_CORPUS)" >&2; exit 1; }
[ -x "$bin" ] || { echo "no hotfolders at $bin (swift build first)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/inbox/Sheet"
vips crop "$source" "$work/root/inbox/Sheet/photo.png" 0 950 1200 700

list=""
for look in $looks; do list="$list\"$look\", "; done
cat > "$work/hotfolders.toml" <<TOML
root = "$work/root"
state = "$work/state"
[defaults]
rules = ["preprocess", "style"]
styles = [${list%, }]
[defaults.preprocess]
max_edge = $tile
format = "png"
[defaults.style]
seed = 1
TOML
"$bin" process --config "$work/hotfolders.toml" >/dev/null

tiles=""
for name in original $looks; do
    variant=$name
    [ "$name" = original ] && variant=web
    # Dark text on a white strip under each photo.
    vips text "$work/$name-text.png" "$name" --dpi 110 --font "DejaVu Sans"
    vips invert "$work/$name-text.png" "$work/$name-ink.png"
    w=$(vipsheader -f width "$work/$name-ink.png")
    h=$(vipsheader -f height "$work/$name-ink.png")
    vips embed "$work/$name-ink.png" "$work/$name-strip.png" $(( (tile - w) / 2 )) $(( (30 - h) / 2 )) $tile 30 \
        --extend background --background 255
    vips colourspace "$work/$name-strip.png" "$work/$name-strip3.png" srgb
    vips join "$work/root/outbox/Sheet/$variant/photo.png" "$work/$name-strip3.png" "$work/$name-tile.png" vertical
    tiles="$tiles $work/$name-tile.png"
done
mkdir -p "$repo/docs"
vips arrayjoin "${tiles# }" "$work/sheet.png" --across 4 --shim 8 --background 255
vips copy "$work/sheet.png" "$out[Q=80,strip,optimize_coding]"
echo "wrote $out ($(wc -c < "$out") bytes)"
