#!/usr/bin/env bash
# Runs the test command given and, when it fails, repeats each failing test's lines at the end.
# Swift Testing prints an issue where it happens, among hundreds of lines of other tests that
# run in parallel; CI shows only the tail of a run, so without this the tail says "2 issues"
# and not which.
#
#   scripts/test-summary.sh swift test --skip-build
set -uo pipefail

log=$(mktemp "${TMPDIR:-/tmp}/hotfolders-test-XXXXXX")
trap 'rm -f "$log"' EXIT

"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if [ "$status" -ne 0 ]; then
  echo
  echo "==== what failed (also above, in the order it ran) ===="
  # An issue's first line starts with ✘ ("recorded an issue at File.swift:12:3: ..."); its
  # details and comments follow on lines starting with ↳.
  awk '/^[[:space:]]*✘|error:|Fatal error|Assertion failed/ { print; more = 1; next }
       more && /^[[:space:]]*↳/ { print; next }
       { more = 0 }' "$log" | tail -n 60
fi
exit "$status"
