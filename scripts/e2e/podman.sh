#!/usr/bin/env bash
# runcli against Podman's Docker-compatible API instead of dockerd: doctor,
# `server up` of a busybox db + web profile (build, named volume, healthcheck,
# published port), `server list`, `logs`, a failing step, `server down`.
# With --cargo-tests it then runs the whole cargo test suite against Podman.
#
# Podman runs rootful from a private folder (vfs storage, cgroupfs, file
# events, its own containers.conf and storage.conf through CONTAINERS_CONF and
# CONTAINERS_STORAGE_CONF) inside its own network and mount namespaces, so its
# bridges, firewall rules and /run files never touch the host or dockerd.
# runcli and the tests run in that network namespace to reach published ports.
# Podman runs healthchecks from systemd timers; without systemd a loop here
# runs them once a second.
#
# Needs root on Debian; installs podman and busybox-static when missing.
# Usage: scripts/e2e/podman.sh [RUNCLI_BINARY] [--cargo-tests]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=target/debug/runcli
cargo_tests=0
for arg in "$@"; do
  case "$arg" in
    --cargo-tests) cargo_tests=1 ;;
    *) bin=$arg ;;
  esac
done
bin=$(realpath "$bin")

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '\n--- %s\n' "$*"; }

[ "$(id -u)" = 0 ] || fail "run as root: Podman runs rootful here"
missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
[ -x /bin/busybox ] || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/runcli-podman.XXXXXX)
sock="$work/podman.sock"
mkdir -p "$work"/{run,storage,tmp,net,volumes,project}
# Podman raises its own nproc limit to 32768 at most; a container may not ask
# for more than Podman has, nor more open files than this shell may.
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
cat >"$work/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$work/run"
graphroot = "$work/storage"
EOF
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$work/events.log"
runtime = "runc"
tmp_dir = "$work/tmp"
volume_path = "$work/volumes"
[network]
network_backend = "netavark"
network_config_dir = "$work/net"
EOF
export CONTAINERS_CONF="$work/containers.conf" CONTAINERS_STORAGE_CONF="$work/storage.conf"
remote() { podman --remote --url "unix://$sock" "$@"; }

# A fresh tmpfs on /run keeps netavark's and runc's state out of the host's /run.
# shellcheck disable=SC2016 # $1 is expanded by the inner sh
TMPDIR="$work/tmp" unshare --net --mount --fork sh -c \
  'mount -t tmpfs tmpfs /run && ip link set lo up && exec podman system service --time=0 "unix://$1"' \
  sh "$sock" >"$work/service.log" 2>&1 &
unshare_pid=$!
ticker_pid=""
cleanup() {
  if [ -n "$ticker_pid" ]; then kill "$ticker_pid" 2>/dev/null || true; fi
  remote rm -a -f -t 0 >/dev/null 2>&1 || true
  # The service is unshare's child; unshare leaves when it does.
  local service
  service=$(pgrep -P "$unshare_pid" || true)
  kill "${service:-$unshare_pid}" 2>/dev/null || true
  wait "$unshare_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 100); do
  remote version >/dev/null 2>&1 && break
  kill -0 "$unshare_pid" 2>/dev/null || { cat "$work/service.log" >&2; fail "podman service died"; }
  sleep 0.2
done
remote version >/dev/null 2>&1 || { cat "$work/service.log" >&2; fail "podman service does not answer"; }
podman_pid=$(pgrep -P "$unshare_pid")
innet() { nsenter --net="/proc/$podman_pid/ns/net" "$@"; }
(
  while sleep 1; do
    for c in $(remote ps -q 2>/dev/null); do remote healthcheck run "$c" >/dev/null 2>&1 || true; done
  done
) &
ticker_pid=$!
echo "podman $(remote version --format '{{.Server.Version}}') at unix://$sock"

project="$work/project"
cp /bin/busybox "$project/busybox"
printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENV PATH=/bin\n' \
  >"$project/Dockerfile"
cat >"$project/runcli.toml" <<'EOF'
[project]
name = "podman-e2e"

[compose]
files = ["docker-compose.yaml"]

[profiles.web]
description = "busybox web behind a healthy db"
services = ["web"]
health = { url = "http://127.0.0.1:18080/ping", timeout_secs = 60 }

[profiles.broken]
description = "a step that fails"
services = ["db"]

[[profiles.broken.steps]]
name = "migrate"
service = "db"
command = ["sh", "-c", "echo no database here; exit 3"]
EOF
cat >"$project/docker-compose.yaml" <<'EOF'
services:
  db:
    build: .
    command: ["sh", "-c", "echo db starting; sleep 2; touch /ready; echo db ready; sleep 600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/ready"]
      interval: 1s
      retries: 60
    volumes:
      - dbdata:/data
  web:
    build: .
    command: ["sh", "-c", "mkdir -p /www && echo pong > /www/ping && echo web serving && httpd -f -v -p 8080 -h /www"]
    ports:
      - "18080:8080"
    depends_on:
      db:
        condition: service_healthy
volumes:
  dbdata:
EOF
run() { innet env DOCKER_HOST="unix://$sock" "$bin" --project "$project" "$@"; }

step "doctor"
out=$(run doctor) || fail "doctor: $out"
grep -q "engine .*: Podman " <<<"$out" || fail "doctor does not name Podman: $out"

step "server up web --detach"
run server up web --detach | tail -n 3
[ "$(innet busybox wget -qO- http://127.0.0.1:18080/ping)" = pong ] || fail "/ping does not answer pong"

step "server list"
out=$(run server list)
grep -q "podman-e2e-db-1 .*healthy" <<<"$out" || fail "db is not healthy: $out"
grep -q "podman-e2e-web-1 .*running" <<<"$out" || fail "web is not running: $out"

step "logs db web"
out=$(run logs db web)
grep -q "db  | db ready" <<<"$out" || fail "no db line: $out"
grep -q "web | web serving" <<<"$out" || fail "no web line: $out"

step "server up broken --detach (a step exits 3)"
if out=$(run server up broken --detach 2>&1); then fail "a failing step passed: $out"; fi
# shellcheck disable=SC2016 # literal backquotes
grep -q 'step `migrate`' <<<"$out" || fail "the failing step is not named: $out"

step "server down keeps the named volume; --volumes removes it"
run server down
[ -z "$(remote ps -aq)" ] || fail "containers left after down"
remote volume exists podman-e2e_dbdata || fail "the named volume was removed by a plain down"
run server down --volumes
if remote volume exists podman-e2e_dbdata; then fail "the named volume survived down --volumes"; fi

if [ "$cargo_tests" = 1 ]; then
  step "cargo test against Podman"
  innet env DOCKER_HOST="unix://$sock" RUNCLI_REQUIRE_DOCKER=1 cargo test --locked
fi

printf '\npodman: all checks passed\n'
