#!/usr/bin/env bash
# The dashboard benchmark (issue 7), in one command (see bench/README.md, "Dashboard benchmark"):
#
#   bench/dashboard.sh            # the full run: 5,000 pods, 7 runs of each measure; figures go to bench/results/dashboard/
#   bench/dashboard.sh --quick    # a smoke test (300 pods, 2 runs, ~2 min); tables go to /tmp/berth-bench-dashboard-quick
#
# Builds ./berth and the harness (bench/Dashboard), starts a throwaway PostgreSQL
# (scripts/postgres.sh) on loopback; the harness starts a real `berth server --disable-agent
# --rate-limit 0` on it, creates the pods through the API, measures the pods page in Debian's
# Chromium (Playwright) and `kubectl get pods` beside it, and stops the server; then PostgreSQL is
# stopped, also on failure or Ctrl-C. Extra arguments go to the harness (`--help` lists them).
# Needs chromium (/usr/bin/chromium) and kubectl on PATH. Environment:
#   BENCH_WAIT_IDLE=S   wait up to S seconds (default 300) for the machine to be idle first
#   BENCH_OUT=DIR       where results.md / results.json go
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
source "$here/common.sh"

server_bench_setup dashboard "$@"

[ -x /usr/bin/chromium ] || { say "needs Chromium at /usr/bin/chromium (apt-get install chromium)"; exit 1; }
command -v kubectl >/dev/null || { say "needs kubectl on PATH (the baseline)"; exit 1; }

say "building ./berth and the harness (Release)"
./berth version >/dev/null
dotnet build "$here/Dashboard" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
harness="$here/Dashboard/bin/Release/net10.0/Berth.Bench.Dashboard.dll"

begin_measuring

conn=$("$root/scripts/postgres.sh" start "$work/pg")
say "PostgreSQL at $conn"
# TMPDIR: the server's data directory (kubeconfig, TLS certificate, log) goes under $work too.
TMPDIR="$work" dotnet "$harness" --pg "$conn" --berth "$root/berth" --out "$out" --pod "$here/Api/pod.json" "$@"
say "results in $out/results.md"

# A full run into bench/results/dashboard also becomes the "Last dashboard figures" section of
# bench/README.md, and its table is kept in bench/results/history/.
publish_figures dashboard-figures
