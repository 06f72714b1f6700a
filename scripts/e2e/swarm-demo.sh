#!/usr/bin/env bash
# The bundled demo (Flask + Postgres from the local base images of
# scripts/base-images.sh) deployed with `runcli deploy` to a private
# single-node swarm through a local registry (scripts/lib/swarm.sh), from
# the demo's Swarm compose file (no binds): converged, and /ping reports
# config.json's version. The database reaches the API by its service name
# over DNS round robin, as this kernel has no IPVS for service VIPs.
#
# Usage: scripts/e2e/swarm-demo.sh [path/to/runcli]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
[ -x "$bin" ] || { echo "FAIL: no runcli binary at $bin (cargo build --locked)" >&2; exit 1; }

bash scripts/base-images.sh

# shellcheck source=scripts/lib/swarm.sh
source scripts/lib/swarm.sh
trap 'exit 130' INT
trap 'exit 143' TERM
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

swarm_setup staging
work=$(mktemp -d /tmp/rsw-demo.XXXXXX)
cleanup() {
  docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$RUNCLI_REGISTRY/" |
    grep -E '/(demo-api|postgres):' | xargs -r docker rmi >/dev/null 2>&1 || true
  rm -rf "$work"
  swarm_teardown
}
trap cleanup EXIT

cp -a assets/demo "$work/demo"
demo=$work/demo
port=5000
cat >>"$demo/runcli.toml" <<EOF

[environments.staging]
engine = "$RUNCLI_SWARM_STAGING"
stack = "demo-staging"
compose_files = ["docker-compose.swarm.yaml"]
registry = "$RUNCLI_REGISTRY"
url = "http://$RUNCLI_SWARM_STAGING_IP:$port"
EOF
version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$demo/config.json")
commit_all "$demo"
"$bin" --project "$demo" deploy staging --timeout 300 >"$work/deploy.out" 2>&1 ||
  { tail -n 30 "$work/deploy.out" >&2; fail "deploy of the demo"; }
body=$(curl -fsS -m 5 "http://$RUNCLI_SWARM_STAGING_IP:$port/ping") || fail "no /ping after the deploy"
echo "$body" | grep -q "\"$version\"" || fail "/ping says $body, not version $version"
"$bin" --project "$demo" status staging
echo "ok: the demo deployed to staging: converged, /ping reports $version"
