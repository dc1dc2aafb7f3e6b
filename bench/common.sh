# Shared by bench/run.sh, bench/api.sh and bench/dashboard.sh (sourced, not run): messages, free ports, waiting for an
# idle machine, and copying a run's tables into bench/README.md.

say() { echo "bench: $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Busy cores of the whole machine over N seconds, from /proc/stat.
busy_cores() {
  read -r _ u n s i w x y z _ < /proc/stat; local b0=$((u+n+s+x+y+z)) t0=$((u+n+s+i+w+x+y+z))
  sleep "$1"
  read -r _ u n s i w x y z _ < /proc/stat; local b1=$((u+n+s+x+y+z)) t1=$((u+n+s+i+w+x+y+z))
  awk -v b=$((b1-b0)) -v t=$((t1-t0)) -v n="$(nproc)" 'BEGIN { printf "%.2f", (t ? b/t : 0) * n }'
}

# Waits up to $1 seconds for the machine to be idle (under 0.25 busy cores) for 9 s in a row,
# because every figure is CPU-bound; measures anyway after that, and says so.
wait_for_idle() {
  local wait_idle=$1 deadline=$((SECONDS + $1)) quiet=0 load next_note=0
  while [ "$wait_idle" -gt 0 ]; do
    load=$(busy_cores 3)
    if awk -v l="$load" 'BEGIN { exit !(l < 0.25) }'; then
      quiet=$((quiet + 1)); [ "$quiet" -ge 3 ] && break   # idle for 9 s in a row
      continue
    fi
    quiet=0
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "machine still busy ($load cores) after ${wait_idle}s: measuring anyway (each run records it)"
      break
    fi
    if [ "$SECONDS" -ge "$next_note" ]; then
      say "machine busy ($load cores in use by others), waiting up to ${wait_idle}s for it to settle"
      next_note=$((SECONDS + 60))
    fi
    sleep 5
  done
}

# The commit measured, marked when src, bench or migrations differ from it.
bench_commit() {
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git diff --quiet HEAD -- src bench migrations 2>/dev/null || commit="$commit (with uncommitted changes)"
  echo "$commit"
}

# Replaces what lies between "<!-- NAME:begin -->" and "<!-- NAME:end -->" in README with FILE.
replace_figures() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
readme, name, results = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(readme, encoding="utf-8").read()
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
figures = open(results, encoding="utf-8").read().strip()
open(readme, "w", encoding="utf-8").write(f"{head}{begin}\n{figures}\n{end}{tail}")
PY
}

# For a harness that starts its own berth server on a throwaway PostgreSQL (api.sh, dashboard.sh),
# called as `server_bench_setup NAME "$@"`: sets started, quick (1 on --quick), work (a temp
# directory) and out (BENCH_OUT, or bench/results/NAME, or /tmp/berth-bench-NAME-quick for a
# --quick run), and on exit stops the harness's server if the harness could not, then PostgreSQL.
server_bench_setup() {
  bench_name=$1; shift
  started=$(date -u +%Y-%m-%d-%H%M)
  quick=0
  for a in "$@"; do [ "$a" = "--quick" ] && quick=1; done
  work=$(mktemp -d "/tmp/berth-bench-$bench_name.XXXXXX")
  if [ "$quick" = 1 ]; then out=${BENCH_OUT:-${TMPDIR:-/tmp}/berth-bench-$bench_name-quick}; else out=${BENCH_OUT:-$here/results/$bench_name}; fi
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  trap server_bench_cleanup EXIT
}

server_bench_cleanup() {
  # The harness stops its berth server; if the harness itself was killed, stop the server here.
  for pidfile in "$work"/berth-bench-"$bench_name"-*/server.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  "$root/scripts/postgres.sh" stop "$work/pg" || true
  rm -rf "$work"
}

# Waits for an idle machine (up to BENCH_WAIT_IDLE seconds, 300; not for --quick) and exports
# BENCH_COMMIT, the commit the harness names in its report.
begin_measuring() {
  local wait_idle=${BENCH_WAIT_IDLE:-300}
  [ "$quick" = 1 ] && wait_idle=0
  wait_for_idle "$wait_idle"
  export BENCH_COMMIT
  BENCH_COMMIT=$(bench_commit)
}

# After a full run into bench/results/NAME (not --quick, not BENCH_OUT elsewhere): copies its
# results.md into bench/README.md between the MARKER lines and keeps it in bench/results/history/.
publish_figures() {
  if [ "$quick" = 0 ] && [ "$out" = "$here/results/$bench_name" ]; then
    mkdir -p "$here/results/history"
    cp "$out/results.md" "$here/results/history/$started-$bench_name-$(git rev-parse --short HEAD 2>/dev/null || echo unknown).md"
    replace_figures "$here/README.md" "$1" "$out/results.md"
    say "bench/README.md updated with these figures"
  fi
}
