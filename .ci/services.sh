#!/usr/bin/env bash
# Test services for integration tests, all bound to 127.0.0.1, state under $IH_SVC_DIR (short: sockets live there).
#   services.sh install   apt installs: PostgreSQL, chromium, kubectl (idempotent)
#   services.sh start     start everything, wait until ready, write $IH_SVC_DIR/env
#   services.sh stop      stop exactly what was started here
set -euo pipefail
S=${IH_SVC_DIR:-/tmp/ih-svc}
PG_PORT=${IH_PG_PORT:-55432}
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

start_pg() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$S/pg"; chown postgres:postgres "$S/pg"
  if [ ! -f "$S/pg/data/PG_VERSION" ]; then
    su postgres -s /bin/sh -c "$PGBIN/initdb -D $S/pg/data -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync" >"$S/pg/initdb.log"
  fi
  if ! su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $S/pg/data status" >/dev/null 2>&1; then
    su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $S/pg/data -l $S/pg/server.log -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p $PG_PORT -k $S/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null
  fi
  psql -h "$S/pg" -p "$PG_PORT" -U postgres -qAt -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE intellyhub LOGIN CREATEDB PASSWORD ''ihpass''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='intellyhub')\gexec
SELECT 'CREATE DATABASE intellyhub OWNER intellyhub' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='intellyhub')\gexec
-- Tests drop their databases WITH (FORCE); an autovacuum worker still in a fresh database belongs to no role, and
-- ending it needs pg_signal_backend (without it the drop failed now and then with 42501).
GRANT pg_signal_backend TO intellyhub;
SQL
}

start() {
  mkdir -p "$S"
  start_pg
  cat > "$S/env" <<ENV
export IH_PG='Host=127.0.0.1;Port=$PG_PORT;Username=intellyhub;Password=ihpass;Database=intellyhub'
ENV
}

stop() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -f "$S/pg/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $S/pg/data -m fast -w stop" >/dev/null || true
  fi
}

"${1:?install|start|stop}"
