# Helpers for scripts that need a Docker engine and the test tools.
# Sourced, not run. Defines ensure_packages, ensure_engine, stop_own_engine.

# shellcheck source=scripts/lib/install.sh
source "$(dirname "${BASH_SOURCE[0]}")/install.sh"

OWN_DOCKERD_PID=""

# Installs what the build and the tests need with apt when missing and when
# we can (root on Debian); otherwise says what is missing: docker.io,
# busybox-static, tmux and docker-compose (1.29, the reference the compose
# tests compare with) for the tests, libssl-dev and pkg-config for git's
# https and ssh transports.
ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  busybox_static_present || missing+=(busybox-static)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  debian_package_present libssl-dev || missing+=(libssl-dev)
  install_missing "${missing[@]}"
}

# True when the Debian package is installed, or when this is no Debian
# system (then the build says what it lacks).
debian_package_present() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# True when a static busybox is at /bin/busybox (test images copy it FROM scratch).
busybox_static_present() {
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed'
  else
    [ -x /bin/busybox ]
  fi
}

engine_answers() {
  timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Where the pid of the dockerd this run started is kept, so that a test
# script run from test-all.sh can restart that engine (and only that one).
RUNCLI_DOCKERD_PIDFILE="${RUNCLI_DOCKERD_PIDFILE:-${TMPDIR:-/tmp}/runcli-dockerd-$$.pid}"
RUNCLI_DOCKERD_LOG="${RUNCLI_DOCKERD_LOG:-${TMPDIR:-/tmp}/runcli-dockerd.log}"

# Starts dockerd when no engine answers, and waits until it does.
ensure_engine() {
  if engine_answers; then
    echo "Docker engine answers: $(docker version --format '{{.Server.Version}}')"
    return 0
  fi
  if [ -n "${DOCKER_HOST:-}" ]; then
    echo "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local dockerd" >&2
    return 1
  fi
  start_dockerd
  OWN_DOCKERD_PID=$(cat "$RUNCLI_DOCKERD_PIDFILE")
  export RUNCLI_DOCKERD_PIDFILE
}

# Starts dockerd in the background, records its pid and waits until it
# answers. Live restore keeps containers running while the engine is down,
# as on a production host, so a restart loses no container and no log line.
start_dockerd() {
  echo "starting dockerd (log: $RUNCLI_DOCKERD_LOG)"
  dockerd --live-restore >>"$RUNCLI_DOCKERD_LOG" 2>&1 &
  echo $! >"$RUNCLI_DOCKERD_PIDFILE"
  for _ in $(seq 1 60); do
    if engine_answers; then
      echo "dockerd answers: $(docker version --format '{{.Server.Version}}')"
      return 0
    fi
    sleep 1
  done
  echo "dockerd did not answer within 60 s; its log:" >&2
  tail -n 30 "$RUNCLI_DOCKERD_LOG" >&2
  return 1
}

# Stops the dockerd whose pid is in the pidfile and waits until it is gone.
stop_dockerd() {
  local pid
  pid=$(cat "$RUNCLI_DOCKERD_PIDFILE" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}

# True when this run started the engine (so a test may restart it).
own_engine() { [ -n "$OWN_DOCKERD_PID" ]; }

# Stops the dockerd that ensure_engine started, if any (it may have been
# restarted since, under another pid: the pidfile has the current one).
stop_own_engine() {
  own_engine || return 0
  echo "stopping the dockerd started for this run"
  stop_dockerd
  rm -f "$RUNCLI_DOCKERD_PIDFILE"
}
