#!/usr/bin/env bash
# A Docker engine and the local busybox image, for tests and benchmarks (no registry is reachable).
#   scripts/docker.sh start DIR   -> uses the engine that answers, else (as root) installs docker.io when
#                                    dockerd is missing and starts dockerd, noting in DIR that it did;
#                                    then builds the image. Prints the image name.
#   scripts/docker.sh stop DIR    -> stops dockerd if `start DIR` started it, and nothing else.
# The image is FROM scratch with a static busybox (sh, httpd, nc, sleep, wget), built only when absent.
set -euo pipefail

cmd=${1:?usage: docker.sh start|stop DIR}
dir=${2:?usage: docker.sh start|stop DIR}
image=${BERTH_TEST_IMAGE:-berth.local/busybox:test}

say() { echo "docker.sh: $*" >&2; }

install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  say "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$@" >/dev/null 2>&1; }
}

answers() { docker info >/dev/null 2>&1; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    command -v docker >/dev/null || install docker.io || { say "no docker client and cannot install one"; exit 3; }
    if ! answers; then
      [ "$(id -u)" = 0 ] || { say "no Docker engine answers and only root may start one"; exit 3; }
      command -v dockerd >/dev/null || install docker.io || { say "dockerd is missing and docker.io cannot be installed"; exit 3; }
      say "starting dockerd (log: $dir/dockerd.log)"
      setsid dockerd >"$dir/dockerd.log" 2>&1 < /dev/null &
      echo $! > "$dir/dockerd.pid"
      for _ in $(seq 150); do answers && break; sleep 0.2; done
      answers || { say "dockerd did not answer within 30 s: $(tail -3 "$dir/dockerd.log" | tr '\n' ' ')"; exit 3; }
    fi
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      busybox=$(command -v busybox || true)
      if [ -z "$busybox" ] || ! file -L "$busybox" 2>/dev/null | grep -q static; then
        [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q static || install busybox-static || true
        busybox=/bin/busybox
      fi
      [ -x "$busybox" ] || { say "no static busybox to build $image from"; exit 3; }
      context=$(mktemp -d)
      cp "$busybox" "$context/busybox"
      printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n' > "$context/Dockerfile"
      say "building $image from $busybox"
      built=$(docker build -q -t "$image" "$context" 2>&1) || { say "docker build failed: $built"; exit 3; }
      rm -rf "$context"
    fi
    echo "$image"
    ;;
  stop)
    [ -f "$dir/dockerd.pid" ] || exit 0
    pid=$(cat "$dir/dockerd.pid")
    # Containers the tests left behind go with the engine that ran them.
    docker ps -aq --filter label=berth.io/test | xargs -r docker rm -f >/dev/null 2>&1 || true
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/dockerd.pid"
    ;;
  *) echo "usage: docker.sh start|stop DIR" >&2; exit 2 ;;
esac
