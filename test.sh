#!/usr/bin/env bash
# The one test command: installs what is missing, starts a throwaway PostgreSQL on a free loopback
# port and (where none answers) a Docker engine, runs every test project in Console.sln against it, stops what it started, and ends with
#   N passed, N failed[, N skipped]
# Exits non-zero when anything failed. Extra arguments go to `dotnet test` (e.g. --filter Name).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

work="$(mktemp -d /tmp/berth-test.XXXXXX)"
results="$work/results"
cleanup() {
  scripts/docker.sh stop "$work/docker" || true
  scripts/postgres.sh stop "$work/postgres" || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "==> $*" >&2; }

command -v dotnet >/dev/null || { echo "test.sh: dotnet (the .NET 10 SDK) is required" >&2; exit 1; }

# docker-compose validates docker-compose.yml in the tests; without it that test is reported skipped.
if ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1 \
   && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  step "installing docker-compose (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose >/dev/null 2>&1 \
    || echo "test.sh: could not install docker-compose; its test will be skipped" >&2
fi

step "starting a throwaway PostgreSQL (scripts/postgres.sh installs it when initdb is missing)"
BERTH_TEST_POSTGRES="$(scripts/postgres.sh start "$work/postgres")"
export BERTH_TEST_POSTGRES
step "PostgreSQL at $BERTH_TEST_POSTGRES"

# The agent's tests run containers on a real Docker engine (scripts/docker.sh starts dockerd as root
# when none answers, and builds the local busybox image). Where no engine can run, those tests are
# reported skipped with the reason, and every other test still runs.
step "starting a Docker engine and building the test image (scripts/docker.sh)"
if BERTH_TEST_IMAGE="$(scripts/docker.sh start "$work/docker")"; then
  export BERTH_TEST_IMAGE BERTH_REQUIRE_DOCKER=1
  step "Docker engine ready, test image $BERTH_TEST_IMAGE"
else
  echo "test.sh: no Docker engine: the tests that need one will be reported skipped" >&2
fi

# The dashboard's browser tests drive Debian's Chromium through Playwright (no browser download
# here). Installed when missing; where it cannot be, those tests are reported skipped.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  step "installing chromium (apt-get) for the dashboard's browser tests"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1; }; } \
    || echo "test.sh: could not install chromium; the browser tests will be skipped" >&2
fi
if [ -x /usr/bin/chromium ]; then
  export BERTH_REQUIRE_CHROMIUM=1
fi

# The CLI tests run ./berth as users do; building it here keeps that build out of any test's deadline.
step "building ./berth and the native agent"
./berth version >/dev/null
./berth agent --help >/dev/null

step "dotnet test Console.sln"
status=0
# A hung test fails the run after 10 minutes instead of hanging CI.
dotnet test Console.sln --nologo \
  --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  "$@" || status=$?

# Each test project leaves one .trx report; its <Counters> element holds the totals.
count() {
  local attribute=$1 total=0 value file
  for file in "$results"/*.trx; do
    [ -f "$file" ] || continue
    value=$(grep -o '<Counters [^>]*' "$file" | grep -o " $attribute=\"[0-9]*\"" | grep -o '[0-9]\+' || true)
    total=$((total + ${value:-0}))
  done
  echo "$total"
}
passed=$(count passed)
failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
skipped=$(( $(count total) - $(count executed) ))   # xunit skips are neither executed nor counted as notExecuted

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # No test failed, yet dotnet test did: the build broke or a test host crashed. Count it, so the
  # summary never reads as a pass.
  echo "test.sh: dotnet test exited $status without a failing test (build error or crashed test host; see above)" >&2
  failed=1
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
