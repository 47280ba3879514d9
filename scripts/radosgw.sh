#!/usr/bin/env bash
# A real S3 server for the deploy tests: Ceph's radosgw on 127.0.0.1, from Debian's packages.
# One monitor, one OSD on memstore (RAM, nothing on disk but logs), auth between the daemons
# off, and one S3 user with a known key. radosgw checks SigV4 signatures, body hashes,
# Content-MD5 and clock skew, so wrong signing is caught as it would be by AWS.
#
#   scripts/radosgw.sh start             start it (installing the packages if missing); prints
#                                        the endpoint and keys as `export` lines
#   scripts/radosgw.sh stop              stop every daemon and remove its folder
#   scripts/radosgw.sh run CMD...        start, run CMD with the variables set, stop (always);
#                                        CMD's exit status. If the server cannot start, CMD runs
#                                        without them (the tests that need it say they skipped)
#   scripts/radosgw.sh gateway stop|start  only the radosgw daemon (tests stop it mid-deploy)
#   scripts/radosgw.sh env               the export lines of the running server
#
# Everything lives in $HOTFOLDERS_RGW_DIR (default /tmp/hotfolders-radosgw-$UID; `run` makes a
# fresh /tmp/hotfolders-radosgw-run-XXXXXX for each run and removes it after). Needs root
# (or sudo) only to install the packages; the daemons run as the calling user.
set -euo pipefail

dir=${HOTFOLDERS_RGW_DIR:-${TMPDIR:-/tmp}/hotfolders-radosgw-$(id -u)}
access_key=HOTFOLDERSTESTKEY000
secret_key=hotfolders-test-secret-key-0000000000000
user=hotfolders
packages=(ceph-mon ceph-osd radosgw ceph-common)

say() { echo "radosgw.sh: $*" >&2; }

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null && sudo -n true 2>/dev/null || { say "cannot install ${missing[*]}: not root and no sudo"; return 1; }
    sudo="sudo"
  fi
  say "installing ${missing[*]} (about 69 MB)"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A TCP port nothing listens on (the kernel picks it).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

env_lines() {
  cat <<EOF
export HOTFOLDERS_S3_ENDPOINT=http://127.0.0.1:$(cat "$dir/rgw.port")
export HOTFOLDERS_S3_ACCESS_KEY=$access_key
export HOTFOLDERS_S3_SECRET_KEY=$secret_key
export HOTFOLDERS_S3_REGION=us-east-1
export HOTFOLDERS_RGW_DIR=$dir
export HOTFOLDERS_RGW_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
EOF
}

running() { [ -f "$dir/run/$1.pid" ] && kill -0 "$(cat "$dir/run/$1.pid")" 2>/dev/null; }

# Waits until the gateway answers HTTP (any status), up to $1 seconds.
wait_for_gateway() {
  local port; port=$(cat "$dir/rgw.port")
  for _ in $(seq 1 $(($1 * 5))); do
    if python3 - "$port" <<'EOF' 2>/dev/null; then return 0; fi
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen("http://127.0.0.1:%s/" % sys.argv[1], timeout=1)
except urllib.error.HTTPError:
    pass
EOF
    sleep 0.2
  done
  return 1
}

# Waits until the monitor counts the OSD as up, up to $1 seconds; fails at once if the OSD exited.
# Without this check the gateway and radosgw-admin would wait on a missing OSD for ever.
wait_for_osd() {
  for _ in $(seq 1 $(($1 * 2))); do
    # The daemon writes its pid file a moment after it forks: only a pid file whose process is
    # gone means it died.
    if [ -f "$dir/run/osd.0.pid" ] && ! running osd.0; then return 1; fi
    if timeout 10 ceph -c "$dir/ceph.conf" --connect-timeout 5 osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1'; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

gateway_start() {
  running client.rgw && return 0
  # The frontend binds 127.0.0.1 only; the name is the gateway's own client section below.
  radosgw -c "$dir/ceph.conf" -n client.rgw >>"$dir/log/radosgw.out" 2>&1
  wait_for_gateway 120 || { say "the gateway did not answer; see $dir/log/client.rgw.log"; return 1; }
}

gateway_stop() {
  running client.rgw || return 0
  local pid; pid=$(cat "$dir/run/client.rgw.pid")
  # radosgw takes 10 s or more to drain on SIGTERM; the tests want it gone now (as in a crash),
  # and its state is in the OSD, not in the gateway.
  kill "$pid"
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/run/client.rgw.pid"
}

start() {
  if running mon.a && running client.rgw; then env_lines; return 0; fi
  stop_all 2>/dev/null || true
  install_packages
  local began=$SECONDS
  mkdir -p "$dir/run" "$dir/log" "$dir/mon" "$dir/osd"
  local mon_port rgw_port fsid
  mon_port=$(free_port); rgw_port=$(free_port)
  echo "$rgw_port" >"$dir/rgw.port"
  fsid=$(python3 -c 'import uuid; print(uuid.uuid4())')

  cat >"$dir/ceph.conf" <<EOF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
# The daemons trust each other on loopback: no cephx keys to make or pass around.
auth cluster required = none
auth service required = none
auth client required = none
ms bind ipv6 = false
ms bind msgr2 = false
run dir = $dir/run
pid file = $dir/run/\$name.pid
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
# One OSD holds everything: one copy, no redundancy warnings, small placement-group counts
# (radosgw makes about eight pools; the default 32 PGs each would pass the per-OSD limit).
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# A gateway killed by the tests leaves its watch on the control objects; until the OSD drops it,
# every metadata change (a new bucket) waits on the dead watcher for its notify timeout.
osd client watch timeout = 5

[mon]
mon data = $dir/mon
mon cluster log file = $dir/log/cluster.log

[osd]
osd data = $dir/osd
osd objectstore = memstore
memstore device bytes = 2147483648
osd journal size = 0

[client]
# With auth off the client still offers "secure" mode first and the monitor, which only
# speaks crc then, lets it wait 300 s before falling back: ask for crc straight away.
ms mon client mode = crc

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw dns name = 127.0.0.1
rgw enable usage log = false
# The tests upload multipart with real 5 MiB parts (S3's minimum); the default is kept.
EOF

  # `start` runs inside `if` (see `run`), where `set -e` does not apply: every step says itself
  # when it fails, and every wait on the cluster has a limit.
  local setup="$dir/log/setup.out"
  monmaptool --create --clobber --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null \
    && ceph-mon -c "$dir/ceph.conf" --mkfs -i a --monmap "$dir/monmap" >>"$setup" 2>&1 \
    && ceph-mon -c "$dir/ceph.conf" -i a >>"$setup" 2>&1 \
    || { say "the monitor did not start; see $setup"; return 1; }

  local osd_uuid
  osd_uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
  timeout 60 ceph -c "$dir/ceph.conf" --connect-timeout 30 osd new "$osd_uuid" >>"$setup" 2>&1 \
    && ceph-osd -c "$dir/ceph.conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >>"$setup" 2>&1 \
    || { say "the OSD could not be made; see $setup"; return 1; }
  # Now and then the OSD sends its first command before it has the monitor's map (with a zero
  # cluster id: "wrong fsid" in its log) and exits at once; started again, it joins.
  local tries=0
  until ceph-osd -c "$dir/ceph.conf" -i 0 >>"$setup" 2>&1 && wait_for_osd 60; do
    tries=$((tries + 1))
    if running osd.0; then kill -9 "$(cat "$dir/run/osd.0.pid")" 2>/dev/null || true; fi
    [ $tries -lt 3 ] || { say "the OSD did not come up; see $dir/log/osd.0.log"; return 1; }
    say "the OSD did not join (try $tries); starting it again"
    rm -f "$dir/run/osd.0.pid"
  done

  gateway_start || return 1
  timeout 120 radosgw-admin -c "$dir/ceph.conf" user create --uid="$user" --display-name="hotfolders tests" \
    --access-key="$access_key" --secret="$secret_key" >>"$setup" 2>&1 \
    || { say "the S3 user could not be made; see $setup"; return 1; }
  say "started in $((SECONDS - began)) s: S3 on http://127.0.0.1:$rgw_port (state in $dir)"
  env_lines
}

stop_all() {
  [ -d "$dir" ] || return 0
  gateway_stop
  for daemon in osd.0 mon.a; do
    if running "$daemon"; then
      local pid; pid=$(cat "$dir/run/$daemon.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop_all ;;
  env) env_lines ;;
  gateway)
    case "${2:-}" in
      start) gateway_start ;;
      stop) gateway_stop ;;
      *) say "usage: $0 gateway start|stop"; exit 64 ;;
    esac ;;
  run)
    shift
    [ $# -gt 0 ] || { say "usage: $0 run CMD..."; exit 64; }
    # A server someone started by hand is left running; one started here is stopped, and lives
    # in a folder of its own, so nothing a former run left behind (a daemon still dying, files
    # of its cluster) can meet it. It is tried twice before the tests go without it.
    if ! { running mon.a && running client.rgw; }; then
      dir=$(mktemp -d "${TMPDIR:-/tmp}/hotfolders-radosgw-run-XXXXXX")
      trap stop_all EXIT
    fi
    if lines=$(start) || { stop_all; mkdir -p "$dir"; lines=$(start); }; then
      eval "$lines"
    else
      stop_all
      say "could not start radosgw; the tests that need an S3 server will be skipped"
    fi
    status=0
    "$@" || status=$?
    exit $status ;;
  *) say "usage: $0 start|stop|env|run CMD...|gateway start|stop"; exit 64 ;;
esac
