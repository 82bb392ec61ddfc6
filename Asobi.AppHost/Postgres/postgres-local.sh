#!/usr/bin/env bash
# A private PostgreSQL server for the AppHost's local mode. PG_BIN names the server binaries.
#   postgres-local.sh init DATADIR          create the cluster once, then (re)apply $PGPASSWORD on every start
#   postgres-local.sh run DATADIR [ARGS]    serve on $PGPORT; SIGTERM means a fast shutdown
# As root, initdb and postgres run as the unprivileged postgres account.
set -euo pipefail
mode=$1 dir=$2; shift 2
cd /   # the postgres account may not be allowed into the caller's folder
# exec, so that the caller's pid (or a subshell's) becomes the program: signals reach it directly.
as_pg() { if [ "$(id -u)" = 0 ]; then exec setpriv --reuid=postgres --regid=postgres --init-groups "$@"; else exec "$@"; fi; }

if [ "$mode" = init ]; then
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "as root the server runs as the postgres account, which does not exist (apt-get install postgresql creates it)" >&2; exit 1
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  (as_pg test -w "$dir") || { echo "the postgres account cannot write $dir; set Postgres:DataDir to a path it can reach" >&2; exit 1; }
  if [ ! -f "$dir/PG_VERSION" ]; then
    pwfile=$(mktemp); trap 'rm -f "$pwfile"' EXIT
    printf '%s\n' "$PGPASSWORD" >"$pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pwfile"; fi
    (as_pg "$PG_BIN/initdb" -D "$dir" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" -E UTF8)
  else
    # The secret parameter is the source of truth: a data dir made with another password still works.
    printf "ALTER ROLE postgres PASSWORD '%s';\n" "${PGPASSWORD//\'/\'\'}" | as_pg "$PG_BIN/postgres" --single -D "$dir" postgres >/dev/null
    echo "$dir already initialized; password applied"
  fi
else
  as_pg "$PG_BIN/postgres" -D "$dir" "$@" &
  pid=$!
  # postgres treats SIGTERM as a "smart" shutdown that waits for every client; SIGINT disconnects them.
  trap 'kill -INT "$pid"' TERM INT
  rc=0; wait "$pid" || rc=$?
  if [ "$rc" -gt 128 ]; then rc=0; wait "$pid" || rc=$?; fi   # the trap ran: wait for the shutdown to finish
  exit "$rc"
fi
