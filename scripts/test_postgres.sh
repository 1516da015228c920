# Throwaway PostgreSQL cluster for the tests; source it, then call the two functions:
#
#   source scripts/test_postgres.sh
#   start_test_postgres            # exports ITINERA_TEST_POSTGRES_URL
#   trap stop_test_postgres EXIT
#
# Installs Debian's `postgresql` when no server binaries are found (needs root), creates a
# cluster in a temporary folder (owned by the `postgres` user when run as root), and starts it
# on a free loopback port with a Unix socket in that folder. Nothing is left behind on stop.

_itinera_pg_dir=""
_itinera_pg_bin=""
_itinera_pg_user=""

_itinera_pg_run() {
  if [ -n "$_itinera_pg_user" ]; then
    runuser -u "$_itinera_pg_user" -- "$@"
  else
    "$@"
  fi
}

start_test_postgres() {
  _itinera_pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$_itinera_pg_bin" ] || [ ! -x "$_itinera_pg_bin/initdb" ]; then
    echo "itinera: installing PostgreSQL from Debian's packages" >&2
    if [ "$(id -u)" -ne 0 ]; then
      echo "itinera: error: PostgreSQL is not installed and this is not root" >&2
      return 1
    fi
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    _itinera_pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  _itinera_pg_user=""
  if [ "$(id -u)" -eq 0 ]; then
    _itinera_pg_user=postgres
  fi
  _itinera_pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/itinera-pg.XXXXXX")"
  chmod 755 "$_itinera_pg_dir"
  if [ -n "$_itinera_pg_user" ]; then
    chown "$_itinera_pg_user" "$_itinera_pg_dir"
  fi
  local port
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  _itinera_pg_run "$_itinera_pg_bin/initdb" -D "$_itinera_pg_dir/data" -U postgres -A trust \
    --no-sync -E UTF8 >"$_itinera_pg_dir/initdb.log" 2>&1 || {
    cat "$_itinera_pg_dir/initdb.log" >&2
    return 1
  }
  _itinera_pg_run "$_itinera_pg_bin/pg_ctl" -D "$_itinera_pg_dir/data" -l "$_itinera_pg_dir/server.log" \
    -o "-p $port -k $_itinera_pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    -w -t 60 start >/dev/null || {
    cat "$_itinera_pg_dir/server.log" >&2
    return 1
  }
  export ITINERA_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "itinera: PostgreSQL $("$_itinera_pg_bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
}

stop_test_postgres() {
  if [ -n "$_itinera_pg_dir" ] && [ -d "$_itinera_pg_dir/data" ]; then
    _itinera_pg_run "$_itinera_pg_bin/pg_ctl" -D "$_itinera_pg_dir/data" -m immediate -w stop \
      >/dev/null 2>&1 || true
  fi
  if [ -n "$_itinera_pg_dir" ]; then
    rm -rf "$_itinera_pg_dir"
  fi
  _itinera_pg_dir=""
}
