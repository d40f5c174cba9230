#!/bin/bash
# A throwaway PostgreSQL 15 cluster for the tests (the CTest fixture `pg`): no system service, no
# unix socket, loopback only, trust authentication, durability off for speed.
#   cluster.sh start STATE_DIR   initdb into a temp dir, pg_ctl start on a free port, write
#                                STATE_DIR/url (postgresql://postgres@127.0.0.1:PORT) and
#                                STATE_DIR/datadir
#   cluster.sh stop STATE_DIR    stop it and remove its data
# initdb refuses to run as root (CI runs as root), so as root the cluster runs as the
# unprivileged `postgres` user that Debian's postgresql package creates.
# PROVEN_PG_SETTINGS adds server options after these (later ones win): bench/pg.sh turns
# durability back on with it.
set -eu
cmd=$1
state=$2
bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bindir/pg_ctl" ] || { echo "cluster.sh: no PostgreSQL server found (apt install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  if [ -f "$state/datadir" ]; then "$0" stop "$state" || true; fi
  mkdir -p "$state"
  data=$(mktemp -d /tmp/proven-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C -N >"$state/initdb.log" 2>&1 ||
    { cat "$state/initdb.log" >&2; exit 1; }
  echo "$data" >"$state/datadir"
  tries=0
  while :; do
    # A port from the ephemeral range, checked free; pg_ctl fails if another process wins the race.
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      if as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c fsync=off \
              -c synchronous_commit=off -c full_page_writes=off -c max_connections=600 \
              -c shared_buffers=64MB ${PROVEN_PG_SETTINGS:-}" start >/dev/null; then
        break
      fi
    fi
    tries=$((tries + 1))
    if [ "$tries" -ge 5 ]; then cat "$data/server.log" >&2 || true; exit 1; fi
  done
  echo "postgresql://postgres@127.0.0.1:$port" >"$state/url"
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $data"
  ;;
stop)
  [ -f "$state/datadir" ] || exit 0
  data=$(cat "$state/datadir")
  as_owner "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
  rm -f "$state/datadir" "$state/url"
  ;;
*)
  echo "usage: cluster.sh start|stop STATE_DIR" >&2
  exit 2
  ;;
esac
