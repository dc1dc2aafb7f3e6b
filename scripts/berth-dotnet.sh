#!/bin/sh
# Runs berth.dll with the .NET runtime settings its role wants: the one place they are set, used
# by the ./berth launcher and by the image's ENTRYPOINT alike.
#   scripts/berth-dotnet.sh PATH/berth.dll [berth arguments...]
set -eu
dll=${1:?usage: berth-dotnet.sh PATH/berth.dll [arguments...]}
shift

if [ "${1:-}" = agent ]; then
  # The agent is a small long-lived process beside the containers it runs: its memory matters
  # more than its peak speed (bench/README.md, "Agent benchmark"). Code compiled once, fully
  # optimized, instead of twice by tiers; and a 2 MB young generation instead of one sized to the
  # CPU's cache, which an idle agent would fill with garbage for minutes before its first GC.
  # Either can be overridden from the environment.
  DOTNET_TieredCompilation="${DOTNET_TieredCompilation:-0}"
  DOTNET_GCgen0size="${DOTNET_GCgen0size:-200000}"
  export DOTNET_TieredCompilation DOTNET_GCgen0size
fi

exec dotnet "$dll" "$@"
