#!/usr/bin/env bash
# `runcli deploy`, `status` and `rollback` on a real single-node Swarm (a
# private dockerd in a network namespace, scripts/lib/swarm.sh) with a real
# registry (Debian's docker-registry). The images are built and pushed by
# the machine's engine, as a user's laptop would.
#
# The project: `api`, a busybox httpd serving /ping ({"version": ...}) and
# /health, with a healthcheck; and `front`, a busybox nc relay published in
# host mode that forwards each connection to `tasks.api`. The relay stands
# in for the ingress routing mesh, which needs IPVS (many CI kernels lack
# it); it is deployed once, by an environment of its own, so a deploy of
# `api` never restarts it. Checks:
#   - version 1 deploys, converges, /ping reports it (the URL being the
#     secrets values' api_host); the secrets environment's compiled value
#     is in the task's environment, in no file and in no output;
#     status --json shape;
#   - version 2 deploys while a loop requests /ping every 20 ms: zero
#     failed requests (start-first update behind the healthcheck);
#   - version 3's healthcheck fails: Swarm rolls back, runcli exits 1
#     saying `rolled back:`, /ping still reports version 2;
#   - version 4 deploys, `runcli rollback` brings version 2 back;
#   - a bind mount in the compose files is refused with file:line;
#   - production, a swarm of its own, takes a version (relay included) while
#     staging keeps its own; its URL is HTTPS through a TLS terminator (socat)
#     whose certificate a throwaway CA signed, trusted through SSL_CERT_FILE
#     as curl and OpenSSL would trust it;
#   - on a two-node swarm (manager plus worker), `deploy.replicas: 2` with
#     a spread over node.id runs one task on each node, and `runcli logs
#     --env` shows both tasks' lines, each prefixed SERVICE.SLOT@NODE.
#
# Usage (from anywhere): scripts/e2e/swarm-deploy.sh [path/to/runcli]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
[ -x "$bin" ] || { echo "FAIL: no runcli binary at $bin (cargo build --locked)" >&2; exit 1; }

# shellcheck source=scripts/lib/swarm.sh
source scripts/lib/swarm.sh
# shellcheck source=scripts/lib/certs.sh
source scripts/lib/certs.sh
trap 'exit 130' INT
trap 'exit 143' TERM

ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

swarm_setup staging production cluster
work=$(mktemp -d /tmp/rsw-deploy.XXXXXX)
name="rswdeploy$$"
cleanup() {
  [ -f "$work/loop.pid" ] && kill "$(cat "$work/loop.pid")" 2>/dev/null
  [ -f "$work/tls.pid" ] && kill "$(cat "$work/tls.pid")" 2>/dev/null
  docker images --format '{{.Repository}}:{{.Tag}}' |
    grep -E "(^|/)$name-(api|front|spread):" | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
  swarm_teardown
}
trap cleanup EXIT

P=$work/project
port=$((20000 + $$ % 20000))
url="http://$RUNCLI_SWARM_STAGING_IP:$port"
tls_port=$((port + 20000))
swarm_httpd_context "$P"
# busybox wget crashes with -T; the healthcheck's own timeout bounds it.
cat >"$P/docker-compose.yaml" <<EOF
services:
  api:
    build: .
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
      interval: 1s
      timeout: 2s
      retries: 2
    deploy:
      update_config:
        monitor: 3s
  front:
    build: .
    command: ["nc", "-ll", "-p", "8080", "-e", "nc", "tasks.api", "8080"]
    ports:
      - target: 8080
        published: $port
        mode: host
EOF
cat >"$P/docker-compose.spread.yaml" <<'EOF'
services:
  spread:
    build: .
    command: ["sh", "-c", "echo hello from $$(hostname); exec httpd -f -p 8080 -h /www"]
    deploy:
      replicas: 2
      placement:
        preferences:
          - spread: node.id
EOF
cat >"$P/docker-compose.binds.yaml" <<'EOF'
services:
  api:
    build: .
    volumes:
      - ./www:/www
EOF
cat >"$P/runcli.toml" <<EOF
[project]
name = "$name"

[compose]
files = ["docker-compose.yaml"]

# No server profiles: the default ones compile secrets environments this
# project does not have.
[profiles]

[secrets]
template = "secret--template.env"
values = "secret--template-values.env"

[secrets.environments.staging]
outputs = [{ target = "api-staging", path = "integration.env" }]

[environments.staging]
engine = "$RUNCLI_SWARM_STAGING"
stack = "$name"
services = ["api"]
secrets = "staging"
registry = "$RUNCLI_REGISTRY"

[environments.edge]
engine = "$RUNCLI_SWARM_STAGING"
stack = "$name"
services = ["front"]
registry = "$RUNCLI_REGISTRY"

[environments.production]
engine = "$RUNCLI_SWARM_PRODUCTION"
stack = "$name"
registry = "$RUNCLI_REGISTRY"
url = "https://localhost:$tls_port"

[environments.cluster]
engine = "$RUNCLI_SWARM_CLUSTER"
stack = "$name"
compose_files = ["docker-compose.spread.yaml"]
registry = "$RUNCLI_REGISTRY"

[environments.binds]
engine = "$RUNCLI_SWARM_STAGING"
stack = "$name-binds"
compose_files = ["docker-compose.binds.yaml"]
registry = "$RUNCLI_REGISTRY"
url = "$url"
EOF

token="tok-$$-$RANDOM$RANDOM"
printf 'VERSION={{ version }}\nSECRET_TOKEN={{ token }}\n' >"$P/secret--template.env"
cat >"$P/secret--template-values.env" <<EOF
{"api-staging": {"token": "$token", "api_host": "$url"}}
EOF

# version V [healthy]: config.json and the /ping file say V; /health only
# when healthy.
version() {
  printf '{"version": "%s"}\n' "$1" >"$P/config.json"
  printf '{"version": "%s"}\n' "$1" >"$P/www/ping"
  if [ "${2:-healthy}" = healthy ]; then echo ok >"$P/www/health"; else rm -f "$P/www/health"; fi
}
run() { commit_all "$P"; "$bin" --project "$P" "$@"; }
ping_version() { curl -fsS -m 3 "$url/ping" | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p'; }

run deploy edge --version edge --timeout 120 >"$work/edge.out" 2>&1 ||
  { cat "$work/edge.out" >&2; fail "deploy of the relay"; }

version 1.0.0
run deploy staging --timeout 120 >"$work/v1.out" 2>&1 || { cat "$work/v1.out" >&2; fail "deploy 1.0.0"; }
grep -q "deployed 1.0.0 to staging" "$work/v1.out" || fail "no 'deployed' line: $(tail -n 3 "$work/v1.out")"
[ "$(ping_version)" = 1.0.0 ] || fail "/ping reports '$(ping_version)' after deploying 1.0.0"
curl -fsS "http://$RUNCLI_REGISTRY/v2/$name-api/tags/list" | grep -q '"1.0.0"' ||
  fail "the registry has no $name-api:1.0.0"
ok "1.0.0 deployed: pushed to the registry, converged, /ping at the values' api_host reports it"
task=$(docker -H "$RUNCLI_SWARM_STAGING" ps -q --filter "label=com.docker.swarm.service.name=${name}_api" | head -n 1)
seen=$(docker -H "$RUNCLI_SWARM_STAGING" exec "$task" sh -c 'echo "$SECRET_TOKEN"' || true)
[ "$seen" = "$token" ] ||
  fail "the task's SECRET_TOKEN is '$seen', not the compiled value; its environment: $(docker -H "$RUNCLI_SWARM_STAGING" exec "$task" env | cut -d= -f1 | tr '\n' ' ')"
[ "$(docker -H "$RUNCLI_SWARM_STAGING" exec "$task" sh -c 'echo "$VERSION"' || true)" = 1.0.0 ] ||
  fail "the compiled VERSION is not config.json's"
! grep -rq "$token" "$work/v1.out" || fail "the deploy printed the secret"
[ ! -e "$P/integration.env" ] || fail "the secrets were written to $P/integration.env"
ok "the compiled secrets are the task's environment, in no file and in no output"

run --json status staging >"$work/status.json"
python3 - "$work/status.json" "$name" <<'PY' || fail "status --json: $(cat "$work/status.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
name = sys.argv[2]
assert doc["stack"] == name, doc
services = {s["name"]: s for s in doc["services"]}
assert set(services) == {f"{name}_api", f"{name}_front"}, services.keys()
api = services[f"{name}_api"]
assert api["desired"] == 1 and api["running"] == 1, api
assert api["image"].endswith(f"/{name}-api:1.0.0"), api
tasks = [t for t in api["tasks"] if t["state"] == "running"]
assert len(tasks) == 1 and tasks[0]["version"] == "1.0.0" and tasks[0]["node"], tasks
assert tasks[0]["slot"] == 1, tasks
PY
ok "status --json: services, replicas desired/running, each task's version and node"

version 2.0.0
ping_loop_start "$url" "$work"
sleep 1
run deploy staging --timeout 120 >"$work/v2.out" 2>&1 || { cat "$work/v2.out" >&2; fail "deploy 2.0.0"; }
sleep 1
ping_loop_stop "$work"
okc=$PING_OK failc=$PING_FAILED
[ "$(ping_version)" = 2.0.0 ] || fail "/ping reports '$(ping_version)' after deploying 2.0.0"
[ "$okc" -gt 50 ] || fail "only $okc requests answered during the update"
[ "$failc" = 0 ] || fail "$failc of $((okc + failc)) requests failed during the rolling update: $(tail -n 3 "$work/loop.err")"
ok "2.0.0 rolled out start-first: $okc requests every 20 ms, 0 failed"

version 3.0.0 unhealthy
set +e
run deploy staging --timeout 180 >"$work/v3.out" 2>&1
code=$?
set -e
[ "$code" = 1 ] || { cat "$work/v3.out" >&2; fail "a deploy Swarm rolled back exited $code, not 1"; }
grep -q "rolled back: " "$work/v3.out" || fail "no 'rolled back:' in: $(tail -n 3 "$work/v3.out")"
[ "$(ping_version)" = 2.0.0 ] || fail "/ping reports '$(ping_version)' after the rollback, not 2.0.0"
ok "3.0.0 failed its healthcheck: Swarm rolled back, exit 1 ($(grep -o 'rolled back: .*' "$work/v3.out" | cut -c1-80)...), /ping still 2.0.0"

version 4.0.0
run deploy staging --timeout 120 >"$work/v4.out" 2>&1 || { cat "$work/v4.out" >&2; fail "deploy 4.0.0"; }
[ "$(ping_version)" = 4.0.0 ] || fail "/ping reports '$(ping_version)' after deploying 4.0.0"
run rollback staging --timeout 120 >"$work/rb.out" 2>&1 || { cat "$work/rb.out" >&2; fail "rollback"; }
grep -q "rolled back to 2.0.0" "$work/rb.out" || fail "rollback said: $(cat "$work/rb.out")"
[ "$(ping_version)" = 2.0.0 ] || fail "/ping reports '$(ping_version)' after runcli rollback, not 2.0.0"
ok "runcli rollback took 4.0.0 back to 2.0.0"

set +e
run deploy binds --version 9.9.9 >"$work/binds.out" 2>&1
code=$?
set -e
[ "$code" = 2 ] || fail "a bind mount deploy exited $code, not 2: $(cat "$work/binds.out")"
grep -q "docker-compose.binds.yaml:4:" "$work/binds.out" && grep -q "bind mount" "$work/binds.out" ||
  fail "the bind mount error is not located: $(cat "$work/binds.out")"
ok "a bind mount is refused at docker-compose.binds.yaml:4 with the fix"
# Production answers over HTTPS: a TLS terminator in front of its port,
# with a certificate from a CA the machine does not trust by itself.
make_ca "$work/tls" "runcli swarm e2e CA"
make_cert "$work/tls" "$work/tls/key.pem" "$work/tls/cert.pem" localhost \
  "subjectAltName=DNS:localhost,IP:127.0.0.1"
cat "$work/tls/cert.pem" "$work/tls/key.pem" >"$work/tls/bundle.pem"
socat "OPENSSL-LISTEN:$tls_port,bind=127.0.0.1,reuseaddr,fork,cert=$work/tls/bundle.pem,verify=0" \
  "TCP:$RUNCLI_SWARM_PRODUCTION_IP:$port" 2>"$work/tls.err" &
echo $! >"$work/tls.pid"
version 4.0.0
SSL_CERT_FILE="$work/tls/ca.pem" run deploy production --yes-production --timeout 180 >"$work/prod.out" 2>&1 ||
  { cat "$work/prod.out" "$work/tls.err" >&2; fail "deploy to production"; }
grep -q "https://localhost:$tls_port" "$work/prod.out" ||
  fail "the deploy did not wait on the HTTPS URL: $(cat "$work/prod.out")"
prod=$(curl -fsS -m 3 --cacert "$work/tls/ca.pem" "https://localhost:$tls_port/ping" | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p')
[ "$prod" = 4.0.0 ] || fail "production's /ping reports '$prod', not 4.0.0"
[ "$(ping_version)" = 2.0.0 ] || fail "staging's /ping changed to '$(ping_version)' with a production deploy"
ok "production (its own swarm) runs 4.0.0, its HTTPS /ping verified against SSL_CERT_FILE; staging still 2.0.0"

run deploy cluster --version 1.0.0 --timeout 180 >"$work/cluster.out" 2>&1 ||
  { cat "$work/cluster.out" >&2; fail "deploy to the two-node swarm"; }
run --json status cluster >"$work/cluster.json"
python3 - "$work/cluster.json" "$name" <<'PY' || fail "spread: $(cat "$work/cluster.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
spread = [s for s in doc["services"] if s["name"] == f"{sys.argv[2]}_spread"][0]
running = [t for t in spread["tasks"] if t["state"] == "running"]
assert spread["running"] == 2 and len(running) == 2, spread
assert len({t["node_id"] for t in running}) == 2, running
PY
ok "two-node swarm: replicas 2 with a spread over node.id run one task on each node"
run logs --env cluster spread >"$work/logs.out" 2>&1 || { cat "$work/logs.out" >&2; fail "logs --env"; }
for slot in 1 2; do
  grep -Eq "^spread\.$slot@[^ ]+ \| hello from [0-9a-f]+$" "$work/logs.out" ||
    fail "no line of task $slot in: $(cat "$work/logs.out")"
done
[ "$(grep -c 'hello from' "$work/logs.out")" = 2 ] || fail "expected two lines: $(cat "$work/logs.out")"
[ "$(sed -n 's/.*hello from //p' "$work/logs.out" | sort -u | wc -l)" = 2 ] ||
  fail "both lines come from one container: $(cat "$work/logs.out")"
ok "logs --env: both tasks' lines, from both nodes, prefixed with slot and node"
echo "swarm deploy: all checks passed"
