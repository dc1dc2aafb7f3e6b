#!/bin/sh
# Runs berth with the .NET runtime settings its role wants: the one place they are set, used by the
# ./berth launcher and by the image's ENTRYPOINT alike. PROGRAM is the CLI's berth.dll (run by
# `dotnet`) or the native agent (src/AgentHost, an executable: run as it is). Given berth.dll, the
# agent role runs the native agent published beside it (agent/berth, as in the image) when there is one.
#   scripts/berth-dotnet.sh PROGRAM [berth arguments...]
set -eu
program=${1:?usage: berth-dotnet.sh PATH/berth.dll|PATH/berth [arguments...]}
shift

if [ "${1:-}" = agent ]; then
  # The agent is a small long-lived process beside the containers it runs: its memory matters
  # more than its peak speed (bench/README.md, "Agent benchmark"). A 2 MB young generation instead
  # of one sized to the CPU's cache, which an idle agent would fill with garbage for minutes before
  # its first GC (the native agent reads it too); and, run from berth.dll, code compiled once,
  # fully optimized, instead of twice by tiers. Either can be overridden from the environment.
  DOTNET_TieredCompilation="${DOTNET_TieredCompilation:-0}"
  DOTNET_GCgen0size="${DOTNET_GCgen0size:-200000}"
  export DOTNET_TieredCompilation DOTNET_GCgen0size
fi

case "$program" in
  *.dll)
    native="$(dirname "$program")/agent/berth"
    if [ "${1:-}" = agent ] && [ -x "$native" ]; then
      exec "$native" "$@"
    fi
    exec dotnet "$program" "$@" ;;
  *) exec "$program" "$@" ;;
esac
