#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the storage tests and prints its connection string on stdout
# (everything else goes to stderr), so that
#     export DSC_TEST_POSTGRES="$(bash .ci/postgres.sh)"
# is all a shell or CI needs. Installs Debian's postgresql if it is missing. The cluster lives in its own
# directory (DSC_PG_DIR, default /tmp/dsc-postgres) on its own port (DSC_PG_PORT, default 55432), listens on
# 127.0.0.1 only, and is reused if it is already running. As root, the server runs as the postgres user.
# Stop it with: bash .ci/postgres.sh --stop; stop it and delete its directory with --remove (the tests do, for a
# server of their own).
set -euo pipefail

port="${DSC_PG_PORT:-55432}"
dir="${DSC_PG_DIR:-/tmp/dsc-postgres}"
user=dsc
password=dsc
database=dsc

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

bin=$(find_bin || true)
if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
    exit 1
  fi
  log "installing postgresql"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(find_bin)
fi

# Run server commands as the postgres user when we are root (initdb and postgres refuse to run as root).
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
  owner=postgres
else
  as_owner() { "$@"; }
  owner=$(id -un)
fi

data="$dir/data"
if [ "${1:-}" = "--stop" ] || [ "${1:-}" = "--remove" ]; then
  if [ -f "$data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >&2
  fi
  if [ "${1:-}" = "--remove" ]; then
    rm -rf "$dir"
  fi
  exit 0
fi

mkdir -p "$dir"
chown "$owner" "$dir"
chmod 700 "$dir"

if [ ! -f "$data/PG_VERSION" ]; then
  log "creating a cluster in $data"
  as_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi

if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  log "starting the server on 127.0.0.1:$port"
  # Many test classes run at once, each with its own pool: allow plenty of connections.
  as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2
fi

psql_admin() { as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $database OWNER $user" >&2
fi

echo "Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database"
