#!/usr/bin/env bash
# The revision store benchmark, in one command (see bench/README.md):
#
#   bench/run.sh            # the full run (~20 min, more on a busy machine); figures go to bench/results/
#   bench/run.sh --quick    # a smoke test of every phase (~2 min); tables go to /tmp/berth-bench-quick
#
# Starts a throwaway PostgreSQL (scripts/postgres.sh) and a one-member etcd 3.4, both on
# loopback, measures, prints the tables, and stops what it started. Extra arguments go to the
# harness (bench/Store, `--help` lists them). Environment:
#   BENCH_WAIT_IDLE=S   wait up to S seconds (default 300) for the machine to be idle first
#   BENCH_OUT=DIR       where results.md / results.json / etcd.jsonl go
#   BENCH_MAX_OTHER=C   repeat a run if other processes used more than C cores (0.25) ...
#   BENCH_RETRIES=N     ... at most N times (3), keeping the quietest attempt
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

started=$(date -u +%Y-%m-%d-%H%M)
quick=0
for a in "$@"; do [ "$a" = "--quick" ] && quick=1; done
work=$(mktemp -d /tmp/berth-bench.XXXXXX)
if [ "$quick" = 1 ]; then out=${BENCH_OUT:-${TMPDIR:-/tmp}/berth-bench-quick}; else out=${BENCH_OUT:-$here/results}; fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

etcd_pid=""
cleanup() {
  if [ -n "$etcd_pid" ]; then kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; fi
  "$root/scripts/postgres.sh" stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
source "$here/common.sh"

# --- what the run needs -----------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
if ! command -v etcd >/dev/null 2>&1; then
  say "installing etcd-server (apt)"
  apt-get install -y -q etcd-server >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q etcd-server >/dev/null 2>&1; } \
    || say "etcd-server is not installable here: the etcd column stays empty"
fi
have_etcd=0
if command -v etcd >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  if [ ! -d "$here/etcd/node_modules/etcd3" ]; then
    say "installing the etcd3 npm client (npm ci)"
    (cd "$here/etcd" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || say "npm ci failed"
  fi
  [ -d "$here/etcd/node_modules/etcd3" ] && have_etcd=1
fi

say "building the harness (Release)"
dotnet build "$here/Store" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
harness="$here/Store/bin/Release/net10.0/Berth.Bench.Store.dll"

# --- a quiet machine --------------------------------------------------------------------
begin_measuring

# --- disk: how fast an fsync is here -----------------------------------------------------
pg_test_fsync=$(command -v pg_test_fsync || ls -d /usr/lib/postgresql/*/bin/pg_test_fsync 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$pg_test_fsync" ] && [ "$quick" = 0 ]; then
  export BENCH_FDATASYNC
  BENCH_FDATASYNC=$("$pg_test_fsync" -s 1 -f "$work/fsync.test" 2>/dev/null \
    | awk '/one 8kB write/ { f = 1 } f && $1 == "fdatasync" { printf "%s/s one 8 kB write (pg_test_fsync)", $2; exit }' || true)
fi

# --- etcd 3.4: one member on loopback ------------------------------------------------------
rounds=3; seconds=6
# A run during which other processes used more than max_other cores is repeated (up to
# `retries` times) and the quietest attempt kept; the harness does the same for PostgreSQL runs.
max_other=${BENCH_MAX_OTHER:-0.25}; retries=${BENCH_RETRIES:-3}
[ "$quick" = 1 ] && { rounds=1; seconds=1; retries=0; }
: > "$out/etcd.jsonl"
if [ "$have_etcd" = 1 ]; then
  client_port=$(free_port); peer_port=$(free_port)
  export BENCH_ETCD_VERSION BENCH_NODE_VERSION BENCH_ETCD3_VERSION
  BENCH_ETCD_VERSION=$(etcd --version | awk '/etcd Version/ { print $3 }')
  BENCH_NODE_VERSION=$(node --version)
  BENCH_ETCD3_VERSION="etcd3 $(node -p 'require("./bench/etcd/node_modules/etcd3/package.json").version'), @grpc/grpc-js $(node -p 'require("./bench/etcd/node_modules/@grpc/grpc-js/package.json").version')"
  etcd --name bench --data-dir "$work/etcd" --logger zap --log-level warn \
    --listen-client-urls "http://127.0.0.1:$client_port" --advertise-client-urls "http://127.0.0.1:$client_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "bench=http://127.0.0.1:$peer_port" >"$work/etcd.log" 2>&1 &
  etcd_pid=$!
  for _ in $(seq 100); do
    etcdctl --endpoints "127.0.0.1:$client_port" endpoint health >/dev/null 2>&1 && break
    sleep 0.2
  done
  say "etcd $BENCH_ETCD_VERSION on 127.0.0.1:$client_port (pid $etcd_pid)"
  for round in $(seq "$rounds"); do
    for c in 1 8 32; do
      for procs in 1 2; do
        [ "$c" = 1 ] && [ "$procs" = 2 ] && continue
        line=$(node "$here/etcd/put.js" --endpoint "http://127.0.0.1:$client_port" --concurrency "$c" --procs "$procs" \
          --seconds "$seconds" --server-pid "$etcd_pid" --payload "$here/payload-1k.json" --prefix "/bench/r$round" \
          --max-other "$max_other" --retries "$retries")
        echo "$line" >> "$out/etcd.jsonl"
        say "etcd round $round/$rounds: $line"
      done
    done
  done
  kill "$etcd_pid"; wait "$etcd_pid" 2>/dev/null || true; etcd_pid=""
fi

# --- PostgreSQL: every store phase ---------------------------------------------------------
conn=$("$root/scripts/postgres.sh" start "$work/pg")
say "PostgreSQL at $conn"
dotnet "$harness" --pg "$conn" --out "$out" --payload "$here/payload-1k.json" --max-other "$max_other" --retries "$retries" "$@"
say "results in $out/results.md"

# A full run into bench/results also becomes the "Last figures" section of bench/README.md,
# and its tables are kept in bench/results/history/.
if [ "$quick" = 0 ] && [ "$out" = "$here/results" ]; then
  mkdir -p "$out/history"
  cp "$out/results.md" "$out/history/$started-$(git rev-parse --short HEAD 2>/dev/null || echo unknown).md"
  replace_figures "$here/README.md" figures "$out/results.md"
  say "bench/README.md updated with these figures"
fi
