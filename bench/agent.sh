#!/usr/bin/env bash
# The agent benchmark (issue 6), in one command (see bench/README.md, "Agent benchmark"):
#
#   bench/agent.sh                 # 50 pods one at a time over 2 agents vs docker run; then 100 pods on one agent
#   bench/agent.sh --pods 10 --dense 20   # a smaller run
#
# Builds ./berth, the native agent (./berth agent publishes it) and the harness (bench/Agent); gets a Docker engine and the local busybox image
# (scripts/docker.sh); the harness starts `berth server --disable-agent` on embedded SQLite and two
# `berth agent` processes (127.0.0.2, 127.0.0.3), measures, and stops them and removes every
# container it made. Figures go to bench/results/agent/results.md (BENCH_OUT=DIR elsewhere).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"
source "$here/common.sh"

work=$(mktemp -d /tmp/berth-bench-agent.XXXXXX)
trap '"$root/scripts/docker.sh" stop "$work/docker" || true; rm -rf "$work"' EXIT

say "Docker engine and test image (scripts/docker.sh)"
image=$("$root/scripts/docker.sh" start "$work/docker")
say "building ./berth, the native agent and the harness (Release)"
./berth version >/dev/null
./berth agent --help >/dev/null
dotnet build "$here/Agent" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
dotnet "$here/Agent/bin/Release/net10.0/Berth.Bench.Agent.dll" --berth ./berth --image "$image" \
  --out "${BENCH_OUT:-$here/results/agent}" "$@"
