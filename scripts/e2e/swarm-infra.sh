#!/usr/bin/env bash
# The Swarm test infrastructure itself (scripts/lib/swarm.sh), checked with
# the docker CLI before runcli relies on it: a registry the machine's engine
# pushes to, a single-node staging swarm that pulls from it and publishes a
# port, and a two-node swarm whose worker takes a task and reaches the
# manager's task over an overlay network. The machine's engine only builds
# and pushes one image, which is removed at the end.
#
# Usage (from anywhere): scripts/e2e/swarm-infra.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=scripts/lib/swarm.sh
source scripts/lib/swarm.sh
trap 'exit 130' INT
trap 'exit 143' TERM

ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

swarm_setup staging cluster
build=$(mktemp -d /tmp/rsw-img.XXXXXX)
ref="$RUNCLI_REGISTRY/rsw-infra-$$:1.0.0"
cleanup() {
  docker rmi -f "$ref" >/dev/null 2>&1 || true
  rm -rf "$build"
  swarm_teardown
}
trap cleanup EXIT

swarm_busybox_image "$build" "$ref" 1.0.0
docker push "$ref" >/dev/null || fail "push to $RUNCLI_REGISTRY"
curl -fsS "http://$RUNCLI_REGISTRY/v2/rsw-infra-$$/tags/list" | grep -q '"1.0.0"' ||
  fail "the registry does not list the pushed tag"
ok "the machine's engine pushed $ref"

state=$(docker -H "$RUNCLI_SWARM_STAGING" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}')
[ "$state" = "active true" ] || fail "staging is not a swarm manager: $state"
ok "staging is a single-node swarm manager"

# Host mode: each node's own port, no routing mesh involved.
port=$((20000 + $$ % 20000))
docker -H "$RUNCLI_SWARM_STAGING" service create -q --detach=false --name infra \
  --publish "mode=host,target=8080,published=$port" "$ref" >/dev/null ||
  fail "service create on staging"
body=$(curl -fsS -m 5 "http://$RUNCLI_SWARM_STAGING_IP:$port/ping") || fail "no answer on the host-mode port"
[ "$body" = '{"version": "1.0.0"}' ] || fail "unexpected /ping body: $body"
ok "staging pulled from the registry and answers /ping on a host-mode port"

if swarm_has_ipvs; then
  docker -H "$RUNCLI_SWARM_STAGING" service create -q --detach=false --name mesh \
    --publish "target=8080,published=$((port + 1))" "$ref" >/dev/null
  body=$(curl -fsS -m 5 "http://$RUNCLI_SWARM_STAGING_IP:$((port + 1))/ping") ||
    fail "no answer through the routing mesh"
  ok "the routing mesh answers /ping"
else
  echo "NOTE: this kernel has no IPVS (CONFIG_IP_VS), so the ingress routing mesh and" \
    "service VIPs cannot work here; ports are published in host mode and names resolve by DNS round robin" >&2
fi

workers=$(docker -H "$RUNCLI_SWARM_CLUSTER" node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}' | grep -c Ready)
[ "$workers" = 2 ] || fail "the two-node swarm has $workers ready nodes"
ok "the two-node swarm has a manager and a worker, both ready"

C=$RUNCLI_SWARM_CLUSTER
docker -H "$C" network create -d overlay --attachable=false infra-net >/dev/null
docker -H "$C" service create -q --detach=false --name web --network infra-net \
  --endpoint-mode dnsrr --constraint node.role==manager "$ref" >/dev/null
docker -H "$C" service create -q --detach=false --name probe --network infra-net \
  --constraint node.role==worker "$ref" \
  sh -c 'while :; do wget -q -O /www/seen.new http://tasks.web:8080/ping && mv /www/seen.new /www/seen; sleep 1; done' >/dev/null
task_node=$(docker -H "$C" service ps probe --filter desired-state=running --format '{{.Node}}')
[ -n "$task_node" ] || fail "no running probe task"
seen=""
for _ in $(seq 1 30); do
  seen=$(docker -H "$RUNCLI_SWARM_CLUSTER_WORKER" ps -q --filter label=com.docker.swarm.service.name=probe |
    head -n 1 | xargs -r -I{} docker -H "$RUNCLI_SWARM_CLUSTER_WORKER" exec {} cat /www/seen 2>/dev/null) || true
  [ -n "$seen" ] && break
  sleep 1
done
[ "$seen" = '{"version": "1.0.0"}' ] || fail "the worker's task did not reach the manager's over the overlay: '$seen'"
ok "a task on the worker reached a task on the manager over an overlay network"
echo "swarm infrastructure: all checks passed"
