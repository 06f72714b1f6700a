#!/usr/bin/env bash
# Time from `runcli deploy staging` to the new version answering /ping,
# against the docker CLI doing the same on the same files: `docker build`,
# `docker push`, `docker stack deploy`, then a poll of /ping. Both run on a
# private single-node swarm and registry (scripts/lib/swarm.sh), each on a
# stack of its own, in alternating rounds; medians are printed.
#
# The compose file names its images `${REGISTRY}/benchapi:${VERSION}`, so
# both paths push and deploy the same reference, and sets the update
# policy explicitly (start-first, 3 s monitor, roll back on failure) so
# both ask Swarm for the same update. /ping is reached through a busybox nc
# relay in host mode, as in scripts/e2e/swarm-deploy.sh.
#
# Usage: scripts/bench/swarm-deploy.sh [path/to/runcli] (ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/release/runcli}")
rounds=${ROUNDS:-3}

# shellcheck source=scripts/lib/swarm.sh
source scripts/lib/swarm.sh
swarm_setup staging
work=$(mktemp -d /tmp/rsw-bench.XXXXXX)
cleanup() {
  # By repository, so images a later build of the same tag left untagged go too.
  { docker images -q "$RUNCLI_REGISTRY/benchapi"; docker images -q "$RUNCLI_REGISTRY/benchfront"; } |
    sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
  swarm_teardown
}
trap cleanup EXIT

P=$work/project
swarm_httpd_context "$P"
echo ok >"$P/www/health"
cat >"$P/docker-compose.yaml" <<'EOF'
services:
  api:
    build: .
    image: ${REGISTRY}/benchapi:${VERSION}
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
      interval: 1s
      timeout: 2s
      retries: 2
    deploy:
      update_config:
        parallelism: 1
        order: start-first
        failure_action: rollback
        monitor: 3s
  front:
    build: .
    image: ${REGISTRY}/benchfront:edge
    command: ["nc", "-ll", "-p", "8080", "-e", "nc", "tasks.api", "8080"]
    ports:
      - target: 8080
        published: ${FRONT_PORT}
        mode: host
EOF
runcli_port=$((20000 + $$ % 10000))
docker_port=$((runcli_port + 10000))
cat >"$P/runcli.toml" <<EOF
[project]
name = "benchswarm"

[compose]
files = ["docker-compose.yaml"]

[environments.staging]
engine = "$RUNCLI_SWARM_STAGING"
stack = "benchr"
services = ["api"]
registry = "$RUNCLI_REGISTRY"
url = "http://$RUNCLI_SWARM_STAGING_IP:$runcli_port"

[environments.edge]
engine = "$RUNCLI_SWARM_STAGING"
stack = "benchr"
services = ["front"]
registry = "$RUNCLI_REGISTRY"
EOF
export REGISTRY=$RUNCLI_REGISTRY

version_files() {
  printf '{"version": "%s"}\n' "$1" >"$P/config.json"
  printf '{"version": "%s"}\n' "$1" >"$P/www/ping"
}
wait_version() {
  local url=$1 v=$2
  until [ "$(curl -fsS -m 2 "$url/ping" 2>/dev/null | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p')" = "$v" ]; do
    sleep 0.05
  done
}
now() { date +%s.%N; }

# The relay and a first version on both stacks, outside the timing.
version_files 0.0.0
commit_all "$P"
VERSION=0.0.0 FRONT_PORT=$runcli_port "$bin" --project "$P" deploy edge --version edge >/dev/null 2>&1
VERSION=0.0.0 FRONT_PORT=$runcli_port "$bin" --project "$P" deploy staging >/dev/null 2>&1
(cd "$P" && VERSION=0.0.0 FRONT_PORT=$docker_port DOCKER_HOST=$RUNCLI_SWARM_STAGING \
  docker stack deploy -q -c docker-compose.yaml benchd >/dev/null 2>&1)
wait_version "http://$RUNCLI_SWARM_STAGING_IP:$docker_port" 0.0.0

runcli_times=() runcli_answers=() docker_times=()
for r in $(seq 1 "$rounds"); do
  v="1.0.$r"
  version_files "$v"
  commit_all "$P"
  t0=$(now)
  # When the new version first answers, polled beside the deploy as the
  # docker path is polled: runcli itself returns only once Swarm declared
  # the update complete.
  (wait_version "http://$RUNCLI_SWARM_STAGING_IP:$runcli_port" "$v" && now >"$work/answered") &
  poller=$!
  VERSION=$v FRONT_PORT=$runcli_port "$bin" --project "$P" deploy staging >/dev/null 2>&1
  runcli_times+=("$(echo "$(now) - $t0" | bc)")
  wait "$poller"
  runcli_answers+=("$(echo "$(cat "$work/answered") - $t0" | bc)")
  t0=$(now)
  (
    cd "$P"
    docker build -q -t "$REGISTRY/benchapi:$v" . >/dev/null 2>&1
    docker push -q "$REGISTRY/benchapi:$v" >/dev/null
    VERSION=$v FRONT_PORT=$docker_port DOCKER_HOST=$RUNCLI_SWARM_STAGING \
      docker stack deploy -q -c docker-compose.yaml benchd >/dev/null 2>&1
  )
  wait_version "http://$RUNCLI_SWARM_STAGING_IP:$docker_port" "$v"
  docker_times+=("$(echo "$(now) - $t0" | bc)")
  echo "round $r: runcli answers ${runcli_answers[-1]} s, returns ${runcli_times[-1]} s; docker build+push+stack deploy+poll ${docker_times[-1]} s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rm_=$(median "${runcli_times[@]}")
ra=$(median "${runcli_answers[@]}")
dm=$(median "${docker_times[@]}")
echo "RESULT swarm_deploy runcli_answers_median_s=$ra runcli_returns_median_s=$rm_ docker_median_s=$dm answers_ratio=$(echo "scale=2; $ra / $dm" | bc) returns_ratio=$(echo "scale=2; $rm_ / $dm" | bc)"
