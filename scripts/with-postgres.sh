#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temp folder, start it on a free
# loopback port, export CLOSEBOOKS_TEST_DATABASE_URL, run "$@", then stop and delete the cluster
# whatever the command's outcome. Usage: bash scripts/with-postgres.sh <command> [args...]
set -euo pipefail

pg_bin="${PG_BIN:-}"
if [[ -z "$pg_bin" ]]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
    echo "with-postgres: no PostgreSQL server found (looked in /usr/lib/postgresql/*/bin; set PG_BIN)." >&2
    echo "with-postgres: install it with: apt-get install -y postgresql" >&2
    exit 1
fi

dir=$(mktemp -d -t closebooks-pg.XXXXXX)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$dir"
    as_owner=(runuser -u postgres --)
fi

cleanup() {
    "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export CLOSEBOOKS_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
