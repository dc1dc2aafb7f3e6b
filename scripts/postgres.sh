#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and benchmarks, on loopback only.
#   scripts/postgres.sh start DIR [PORT]   -> prints the connection string (Host=...;Port=...;Username=postgres)
#   scripts/postgres.sh stop DIR
# Installs PostgreSQL with apt when initdb is missing. PostgreSQL refuses to run as root,
# so as root the cluster belongs to the postgres user and every directory above DIR is made
# traversable for it.
set -euo pipefail

cmd=${1:?usage: postgres.sh start|stop DIR [PORT]}
dir=${2:?usage: postgres.sh start|stop DIR [PORT]}

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] && echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo 55432
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

case "$cmd" in
  start)
    if [ -z "$(find_bin initdb)" ]; then
      echo "postgres.sh: installing PostgreSQL (apt-get install postgresql)" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null
    fi
    initdb=$(find_bin initdb); pg_ctl=$(find_bin pg_ctl)
    port=${3:-$(free_port)}
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      # every directory above the data directory must be traversable by postgres
      # (not the data directory itself: PostgreSQL insists it stays 0700)
      d=$(dirname "$dir"); while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
      chown postgres: "$dir"
    fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$initdb" -D "$dir" -U postgres --auth=trust --no-sync -E UTF8 >"$dir.initdb.log" 2>&1 \
        || { cat "$dir.initdb.log" >&2; exit 1; }
    fi
    as_owner "$pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/berth.port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    [ -f "$dir/PG_VERSION" ] || exit 0
    pg_ctl=$(find_bin pg_ctl)
    as_owner "$pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: postgres.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
