# Shared by bench/run.sh and bench/api.sh (sourced, not run): messages, free ports, waiting for an
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
