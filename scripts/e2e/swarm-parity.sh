#!/usr/bin/env bash
# `runcli deploy` against its reference: the same compose file deployed to
# one swarm by `docker stack deploy` (stack ref) and by `runcli deploy`
# (stack rc), then each service's spec as the engine holds it, read back
# with `docker service inspect`, compared key by key, image digest and
# platforms included. What differs on purpose is named here and nowhere
# else:
#   - runcli labels each service with the version it deployed
#     (io.runcli.version), which `runcli status` and rollbacks read;
#   - update_config / rollback_config keys a file leaves out take runcli's
#     defaults (one at a time, rollback on failure, start-first behind a
#     healthcheck: tests/deploy_plan.rs), not the engine's; the file here
#     sets every key, so the two must agree.
# Network ids are compared as names, and the stack's name as STACK.
#
# Usage: scripts/e2e/swarm-parity.sh [path/to/runcli]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
[ -x "$bin" ] || { echo "FAIL: no runcli binary at $bin (cargo build --locked)" >&2; exit 1; }

# shellcheck source=scripts/lib/swarm.sh
source scripts/lib/swarm.sh
trap 'exit 130' INT
trap 'exit 143' TERM
ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

swarm_setup staging
work=$(mktemp -d /tmp/rsw-parity.XXXXXX)
name="rswparity$$"
cleanup() {
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "/$name-(api|worker):" |
    xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
  swarm_teardown
}
trap cleanup EXIT

P=$work/project
swarm_httpd_context "$P"
echo '{"version": "1.0.0"}' >"$P/www/ping"
echo ok >"$P/www/health"
docker build -q -t "$RUNCLI_REGISTRY/$name-api:1.0.0" "$P" >/dev/null
docker push -q "$RUNCLI_REGISTRY/$name-api:1.0.0" >/dev/null
port=$((20000 + $$ % 20000))

# Every key runcli says it applies, set in one file.
cat >"$P/docker-compose.yaml" <<EOF
services:
  api:
    image: $RUNCLI_REGISTRY/$name-api:1.0.0
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    environment:
      MODE: parity
      EMPTY: ""
    labels:
      team: models
    working_dir: /www
    hostname: api-host
    stop_grace_period: 7s
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
      interval: 2s
      timeout: 3s
      retries: 4
      start_period: 1s
    ports:
      - "$((port + 1)):8080"
    volumes:
      - data:/data
    deploy:
      replicas: 2
      labels:
        tier: front
      resources:
        limits:
          cpus: "0.5"
          memory: 64M
        reservations:
          memory: 16M
      restart_policy:
        condition: on-failure
        delay: 2s
        max_attempts: 5
        window: 30s
      placement:
        constraints:
          - node.role == manager
        preferences:
          - spread: node.id
      update_config:
        parallelism: 2
        delay: 1s
        failure_action: rollback
        monitor: 4s
        max_failure_ratio: 0.5
        order: start-first
      rollback_config:
        parallelism: 1
        delay: 0s
        failure_action: pause
        monitor: 2s
        max_failure_ratio: 0
        order: stop-first
  worker:
    image: $RUNCLI_REGISTRY/$name-api:1.0.0
    entrypoint: ["sh", "-c"]
    command: ["echo working; exec sleep 3600"]
    user: "1000"
    restart: on-failure:3
    ports:
      - target: 8080
        published: $port
        mode: host
    deploy:
      mode: global
      update_config:
        parallelism: 1
        delay: 0s
        failure_action: pause
        monitor: 5s
        max_failure_ratio: 0
        order: stop-first
      rollback_config:
        parallelism: 1
        delay: 0s
        failure_action: pause
        monitor: 5s
        max_failure_ratio: 0
        order: stop-first
volumes:
  data:
EOF
cat >"$P/runcli.toml" <<EOF
[project]
name = "$name"

[compose]
files = ["docker-compose.yaml"]

[profiles]

[environments.staging]
engine = "$RUNCLI_SWARM_STAGING"
stack = "rc"
registry = "$RUNCLI_REGISTRY"
EOF
commit_all "$P"

# read_back STACK: each service's spec as the engine holds it, and the
# network names their ids stand for.
read_back() {
  for svc in api worker; do
    docker -H "$RUNCLI_SWARM_STAGING" service inspect "$1_$svc" >"$work/$1_$svc.json"
  done
  docker -H "$RUNCLI_SWARM_STAGING" network ls --format '{{.ID}} {{.Name}}' >>"$work/networks"
}

docker -H "$RUNCLI_SWARM_STAGING" stack deploy -c "$P/docker-compose.yaml" ref >"$work/ref.out" 2>&1 ||
  { cat "$work/ref.out" >&2; fail "docker stack deploy"; }
# Both stacks publish the same ports on the one node, so the reference is
# read and removed before runcli's stack takes the ports over.
read_back ref
docker -H "$RUNCLI_SWARM_STAGING" stack rm ref >/dev/null
for _ in $(seq 1 60); do
  [ -z "$(docker -H "$RUNCLI_SWARM_STAGING" ps -q --filter label=com.docker.stack.namespace=ref)" ] && break
  sleep 0.5
done
"$bin" --project "$P" deploy staging --version 1.0.0 --timeout 120 >"$work/rc.out" 2>&1 ||
  { cat "$work/rc.out" >&2; fail "runcli deploy"; }
read_back rc

python3 - "$work" <<'PY'
import json, sys, re
work = sys.argv[1]
networks = {}
for line in open(f"{work}/networks"):
    nid, nname = line.split()
    networks[nid] = nname

def normal(stack, path):
    spec = json.load(open(path))[0]["Spec"]
    text = json.dumps(spec)
    text = re.sub(r'"%s([_-])' % stack, r'"STACK\1', text)
    text = text.replace('"%s"' % stack, '"STACK"')
    spec = json.loads(text)
    cs = spec["TaskTemplate"]["ContainerSpec"]
    spec.get("Labels", {}).pop("io.runcli.version", None)
    for net in spec["TaskTemplate"].get("Networks", []):
        full = net["Target"]
        found = next((n for i, n in networks.items() if full.startswith(i)), full)
        net["Target"] = re.sub(r'^%s_' % stack, 'STACK_', found)
    if "Env" in cs:
        cs["Env"] = sorted(cs["Env"])
    return spec

def flat(value, prefix=""):
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from flat(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            yield from flat(v, f"{prefix}[{i}]")
    else:
        yield prefix, value

bad = 0
for svc in ("api", "worker"):
    ref = dict(flat(normal("ref", f"{work}/ref_{svc}.json")))
    rc = dict(flat(normal("rc", f"{work}/rc_{svc}.json")))
    for key in sorted(set(ref) | set(rc)):
        if ref.get(key) != rc.get(key):
            bad += 1
            print(f"DIFF {svc}: {key}: docker stack deploy {ref.get(key)!r}, runcli {rc.get(key)!r}")
    print(f"{svc}: {len(ref)} keys from docker stack deploy, {len(rc)} from runcli")
# The keys this file sets must be among those compared, or equality says little.
covered = {
    "api": ["Labels.tier", "TaskTemplate.ContainerSpec.Labels.team",
            "TaskTemplate.ContainerSpec.Hostname", "TaskTemplate.ContainerSpec.Healthcheck.Test",
            "TaskTemplate.ContainerSpec.Mounts[0].VolumeOptions.Labels.com.docker.stack.namespace",
            "TaskTemplate.Resources.Limits.NanoCPUs", "TaskTemplate.Resources.Reservations.MemoryBytes",
            "TaskTemplate.RestartPolicy.MaxAttempts", "TaskTemplate.Placement.Constraints",
            "TaskTemplate.Placement.Preferences[0].Spread.SpreadDescriptor",
            "TaskTemplate.Placement.Platforms[0].OS", "Mode.Replicated.Replicas",
            "UpdateConfig.MaxFailureRatio", "RollbackConfig.FailureAction",
            "EndpointSpec.Ports[0].PublishedPort"],
    "worker": ["Mode.Global", "TaskTemplate.ContainerSpec.User", "TaskTemplate.RestartPolicy.Condition",
               "EndpointSpec.Ports[0].PublishMode"],
}
for svc, keys in covered.items():
    rc = dict(flat(normal("rc", f"{work}/rc_{svc}.json")))
    for key in keys:
        if key not in rc:
            bad += 1
            print(f"MISSING {svc}: {key} is not in the deployed spec")
image = normal("rc", f"{work}/rc_api.json")["TaskTemplate"]["ContainerSpec"]["Image"]
if "@sha256:" not in image:
    bad += 1
    print(f"NOT PINNED: {image}")
sys.exit(1 if bad else 0)
PY
ok "runcli deploy makes the services docker stack deploy makes, key for key"
