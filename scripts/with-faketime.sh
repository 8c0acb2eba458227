#!/usr/bin/env bash
# Runs a command with the wall clock moved by an offset (libfaketime, Debian package `faketime`),
# for this process and every process it starts: Node and its tests, PGlite (which reads
# Date.now) and a PostgreSQL server started under it. Monotonic clocks are left alone so
# timers and timeouts keep real time. `npm test` uses it to run the suites a year ahead, so a
# test that compares a fixed date with today fails now, not on the day the date passes.
# Usage: bash scripts/with-faketime.sh <+Nd> <command> [args...]
set -euo pipefail

offset=${1:?usage: with-faketime.sh <+Nd> <command> [args...]}
shift
[[ "$offset" =~ ^[+-][0-9]+d$ ]] || { echo "with-faketime: offset must look like +365d" >&2; exit 2; }

lib="${FAKETIME_LIB:-}"
if [[ -z "$lib" ]]; then
    lib=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1 || true)
fi
if [[ -z "$lib" || ! -f "$lib" ]]; then
    echo "with-faketime: libfaketime not found (looked in /usr/lib/*/faketime; set FAKETIME_LIB)." >&2
    echo "with-faketime: install it with: apt-get install -y faketime" >&2
    exit 1
fi

days=${offset:1:-1}
sign=${offset:0:1}
real=$(date +%s)
export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="$offset" FAKETIME_DONT_FAKE_MONOTONIC=1

# The run only proves something if the clock really moved: check it from Node, as tests see it.
seen=$(node -e 'process.stdout.write(String(Math.floor(Date.now() / 1000)))')
want=$((real ${sign} days * 86400))
if ((seen < want - 3600 || seen > want + 3600)); then
    echo "with-faketime: the clock did not move (Node sees $(date -u -d "@$seen" +%F), wanted $(date -u -d "@$want" +%F))" >&2
    exit 1
fi
echo "with-faketime: clock at $(date -u -d "@$seen" '+%F %T') UTC ($offset)" >&2
exec "$@"
