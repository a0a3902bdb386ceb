#!/usr/bin/env bash
# Test services for integration tests, all bound to 127.0.0.1, state under $IH_SVC_DIR (short: sockets live there).
#   services.sh install   apt installs: PostgreSQL, chromium, kubectl (idempotent)
#   services.sh start     start everything, wait until ready, write $IH_SVC_DIR/env
#   services.sh start-durable
#                         a durable PostgreSQL for the load harnesses (IH_PG_DURABLE in the env file): the tests'
#                         cluster trades durability for speed (fsync, synchronous_commit and full_page_writes off)
#   services.sh stop      stop exactly what was started here
set -euo pipefail
S=${IH_SVC_DIR:-/tmp/ih-svc}
PG_PORT=${IH_PG_PORT:-55432}
PG_DURABLE_PORT=${IH_PG_DURABLE_PORT:-55433}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

install() {
  export DEBIAN_FRONTEND=noninteractive
  local apt="apt-get -o DPkg::Lock::Timeout=300 -y -q" updated=
  if ! command -v psql >/dev/null || [ -z "$PGBIN" ]; then
    $apt update >/dev/null; updated=1
    $apt install --no-install-recommends postgresql >/dev/null
  fi
  # The browser tests (tests/IntellyHub.Studio.Tests) drive Debian's chromium; with recommends, for its fonts.
  if ! command -v chromium >/dev/null; then
    [ -n "$updated" ] || $apt update >/dev/null
    $apt install chromium >/dev/null
  fi
  # The Kubernetes manifest tests (tests/IntellyHub.Activities.Kubernetes.Tests) run kubectl: Debian's kubernetes-client.
  if ! command -v kubectl >/dev/null; then
    [ -n "$updated" ] || $apt update >/dev/null
    $apt install --no-install-recommends kubernetes-client >/dev/null
  fi
}

# start_cluster DIR PORT SETTINGS…: initdb when new, start, and create the intellyhub role and database.
start_cluster() {
  local dir=$1 port=$2; shift 2
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$dir"; chown postgres:postgres "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    su postgres -s /bin/sh -c "$PGBIN/initdb -D $dir/data -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log"
  fi
  if ! su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
    su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $dir/data -l $dir/server.log -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p $port -k $dir $*\" start" >/dev/null
  fi
  psql -h "$dir" -p "$port" -U postgres -qAt -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE intellyhub LOGIN CREATEDB PASSWORD ''ihpass''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='intellyhub')\gexec
SELECT 'CREATE DATABASE intellyhub OWNER intellyhub' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='intellyhub')\gexec
-- Tests drop their databases WITH (FORCE); an autovacuum worker still in a fresh database belongs to no role, and
-- ending it needs pg_signal_backend (without it the drop failed now and then with 42501).
GRANT pg_signal_backend TO intellyhub;
-- The load harnesses take a checkpoint before each measured phase (the role exists from PostgreSQL 15 on).
SELECT 'GRANT pg_checkpoint TO intellyhub' WHERE EXISTS (SELECT FROM pg_roles WHERE rolname='pg_checkpoint')\gexec
SQL
}

# The tests' cluster: fast, not durable (a crash of the machine may lose the last commits; tests don't mind).
start_pg() {
  start_cluster "$S/pg" "$PG_PORT" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300
}

# A durable cluster for the load harnesses: a commit returns once it is on disk (PostgreSQL's defaults: fsync,
# synchronous_commit and full_page_writes on), sized as production would size it on this machine: 1 GB of shared
# buffers, and enough WAL kept that segments are recycled rather than created during a run.
start_durable() {
  mkdir -p "$S"
  start_cluster "$S/pg-durable" "$PG_DURABLE_PORT" -c max_connections=300 -c shared_buffers=1GB -c min_wal_size=2GB -c max_wal_size=8GB -c wal_compression=lz4
  set_env IH_PG_DURABLE "Host=127.0.0.1;Port=$PG_DURABLE_PORT;Username=intellyhub;Password=ihpass;Database=intellyhub"
}

start() {
  mkdir -p "$S"
  start_pg
  set_env IH_PG "Host=127.0.0.1;Port=$PG_PORT;Username=intellyhub;Password=ihpass;Database=intellyhub"
}

# set_env NAME VALUE: the env file's line for NAME, replaced (the other lines are kept).
set_env() {
  { grep -v "^export $1=" "$S/env" 2>/dev/null || true
    echo "export $1='$2'"
  } >"$S/env.new"
  mv "$S/env.new" "$S/env"
}

stop() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  for dir in "$S/pg" "$S/pg-durable"; do
    if [ -f "$dir/data/postmaster.pid" ]; then
      su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $dir/data -m fast -w stop" >/dev/null || true
    fi
  done
}

case "${1:?install|start|start-durable|stop}" in
  start-durable) start_durable ;;
  *) "$1" ;;
esac
