#!/usr/bin/env bash
# Installs the Debian packages hotfolders builds and tests against, only those missing.
# Safe to run again; a fresh Debian 12 machine with Swift needs nothing else.
set -euo pipefail

packages=(
  pkg-config
  libvips-dev        # all image work
  libvips-tools      # vipsthumbnail/vipsheader, for the benchmark and sample photos
  libexif-dev        # EXIF
  libinotifytools0-dev  # the watcher
  libsqlite3-dev     # the catalog
  libcurl4-openssl-dev  # HTTP, S3 with SigV4
  fonts-dejavu-core  # the watermark's default font (has the (c) and zodiac glyphs)
  time               # /usr/bin/time -v, peak memory in the benchmark
  sqlite3            # the catalog benchmark's side-by-side (SQLite's own .backup)
  inotify-tools      # the idle benchmark's side-by-side (inotifywait, a bare watcher)
  tzdata             # IANA time zones, for capture times in UTC
  python3            # test stand-ins for remote services (Nominatim, generators); sample EXIF
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
