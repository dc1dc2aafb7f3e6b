#!/usr/bin/env bash
# The API benchmark (issue 4), in one command (see bench/README.md, "API benchmark"):
#
#   bench/api.sh            # the full run (~8 min on a quiet 2-core machine, more when busy runs are repeated); figures go to bench/results/api/
#   bench/api.sh --quick    # a smoke test of every phase (~2 min); tables go to /tmp/berth-bench-api-quick
#
# Builds ./berth and the harness (bench/Api), starts a throwaway PostgreSQL (scripts/postgres.sh)
# on loopback; the harness starts a real `berth server` on it, measures, prints the tables and
# stops the server; then PostgreSQL is stopped, also on failure or Ctrl-C. Extra arguments go to
# the harness (`--help` lists them). Environment:
#   BENCH_WAIT_IDLE=S   wait up to S seconds (default 300) for the machine to be idle first
#   BENCH_OUT=DIR       where results.md / results.json go
#   BENCH_MAX_OTHER=C   repeat a run if other processes used more than C cores (0.25) ...
#   BENCH_RETRIES=N     ... at most N times (3), keeping the quietest attempt
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
source "$here/common.sh"

server_bench_setup api "$@"

say "building ./berth and the harness (Release)"
./berth version >/dev/null
dotnet build "$here/Api" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
harness="$here/Api/bin/Release/net10.0/Berth.Bench.Api.dll"

max_other=${BENCH_MAX_OTHER:-0.25}; retries=${BENCH_RETRIES:-3}
[ "$quick" = 1 ] && retries=0
begin_measuring

conn=$("$root/scripts/postgres.sh" start "$work/pg")
say "PostgreSQL at $conn"
# TMPDIR: the server's data directory (kubeconfig, TLS certificate, log) goes under $work too.
TMPDIR="$work" dotnet "$harness" --pg "$conn" --berth "$root/berth" --out "$out" --pod "$here/Api/pod.json" \
  --max-other "$max_other" --retries "$retries" "$@"
say "results in $out/results.md"

# A full run into bench/results/api also becomes the "Last API figures" section of
# bench/README.md, and its tables are kept in bench/results/history/.
publish_figures api-figures
