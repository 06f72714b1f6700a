#!/usr/bin/env bash
# The bundled demo (Flask + Postgres from the local base images of
# scripts/base-images.sh) deployed with `runcli deploy` to a private
# single-node swarm through a local registry (scripts/lib/swarm.sh), from
# the demo's Swarm compose file (no binds, a healthcheck on the API):
#   1. converged, and /ping reports config.json's version;
#   2. the version bumped and deployed again while a loop requests /ping
#      every 20 ms: zero failed requests (start-first behind the
#      healthcheck), then /ping reports the new version, and the database
#      kept its task (its image keeps its own tag);
#   3. `runcli rollback staging` puts the API back on the first version and
#      leaves the relay (never updated, nothing to go back to) as it is;
#   4. a version whose /ping is broken: its healthcheck fails, Swarm rolls
#      back, runcli exits 1 saying `rolled back:`, and /ping still reports
#      the version before it.
# The database reaches the API by its service name over DNS round robin,
# and /ping is reached through a busybox nc relay in host mode
# (swarm_relay_env): this kernel has no IPVS for virtual IPs or the routing
# mesh the demo's file publishes its port on.
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
ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

swarm_setup staging
work=$(mktemp -d /tmp/rsw-demo.XXXXXX)
cleanup() {
  [ -f "$work/loop.pid" ] && kill "$(cat "$work/loop.pid")" 2>/dev/null
  docker images --format '{{.Repository}}:{{.Tag}}' | grep "^$RUNCLI_REGISTRY/" |
    grep -E '/(demo-api|demo-relay|postgres):' | xargs -r docker rmi >/dev/null 2>&1 || true
  rm -rf "$work"
  swarm_teardown
}
trap cleanup EXIT

cp -a assets/demo "$work/demo"
demo=$work/demo
url="http://$RUNCLI_SWARM_STAGING_IP:5080"
cat >>"$demo/runcli.toml" <<EOF

[environments.staging]
engine = "$RUNCLI_SWARM_STAGING"
stack = "demo-staging"
compose_files = ["docker-compose.swarm.yaml"]
registry = "$RUNCLI_REGISTRY"
url = "$url"
EOF
swarm_relay_env "$demo" edge "$RUNCLI_SWARM_STAGING" demo-staging api 5000 5080
run() { commit_all "$demo"; "$bin" --project "$demo" "$@"; }
ping_version() { curl -fsS -m 3 "$url/ping" | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p'; }
# set_version V: config.json says V.
set_version() { sed -i "s/\"version\": *\"[^\"]*\"/\"version\": \"$1\"/" "$demo/config.json"; }

run deploy edge --version relay --timeout 120 >"$work/edge.out" 2>&1 ||
  { tail -n 30 "$work/edge.out" >&2; fail "deploy of the relay"; }

version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$demo/config.json")
run deploy staging --timeout 300 >"$work/deploy.out" 2>&1 ||
  { tail -n 30 "$work/deploy.out" >&2; fail "deploy of the demo"; }
[ "$(ping_version)" = "$version" ] || fail "/ping reports '$(ping_version)', not version $version"
"$bin" --project "$demo" status staging
ok "the demo deployed to staging: converged, /ping reports $version"

# db_task: the database's running task; an app deploy must leave it be
# (its image keeps its own tag, so its spec does not change).
db_task() { docker -H "$RUNCLI_SWARM_STAGING" service ps -q --filter desired-state=running demo-staging_db; }
db_before=$(db_task)
next=$(awk -F. '{ print $1 "." $2 "." $3 + 1 }' <<<"$version")
set_version "$next"
ping_loop_start "$url" "$work"
sleep 1
run deploy staging --timeout 300 >"$work/next.out" 2>&1 || { tail -n 30 "$work/next.out" >&2; fail "deploy $next"; }
sleep 1
ping_loop_stop "$work"
okc=$PING_OK failc=$PING_FAILED
[ "$(ping_version)" = "$next" ] || fail "/ping reports '$(ping_version)' after deploying $next"
[ "$okc" -gt 50 ] || fail "only $okc requests answered during the update"
[ "$failc" = 0 ] || fail "$failc of $((okc + failc)) requests failed during the rolling update: $(tail -n 3 "$work/loop.err")"
ok "$next rolled out start-first: $okc requests to /ping every 20 ms, 0 failed"
[ -n "$db_before" ] && [ "$(db_task)" = "$db_before" ] ||
  fail "the app deploy replaced the database's task ($db_before, now $(db_task))"
ok "the database kept its task through the app deploy"

# runcli rollback: the API goes back to the version before; the relay,
# deployed once by its own environment into the same stack, has nothing to
# go back to and is left as it is.
run rollback staging --timeout 120 >"$work/rollback.out" 2>&1 ||
  { cat "$work/rollback.out" >&2; fail "runcli rollback staging"; }
grep -q "demo-staging_api rolled back to $version" "$work/rollback.out" ||
  fail "no 'demo-staging_api rolled back to $version' in: $(cat "$work/rollback.out")"
grep -q "demo-staging_relay: never updated" "$work/rollback.out" ||
  fail "the relay's skip is not reported: $(cat "$work/rollback.out")"
[ "$(ping_version)" = "$version" ] || fail "/ping reports '$(ping_version)' after the rollback, not $version"
ok "runcli rollback took $next back to $version, leaving the never-updated relay as it was"

broken=$(awk -F. '{ print $1 "." $2 "." $3 + 2 }' <<<"$version")
set_version "$broken"
sed -i 's/^def ping():$/def ping():\n    raise RuntimeError("a release whose \/ping is broken")/' "$demo/api/routes.py"
grep -q 'whose /ping is broken' "$demo/api/routes.py" || fail "could not break /ping in the copy"
set +e
run deploy staging --timeout 300 >"$work/broken.out" 2>&1
code=$?
set -e
[ "$code" = 1 ] || { tail -n 30 "$work/broken.out" >&2; fail "a deploy Swarm rolled back exited $code, not 1"; }
grep -q "rolled back: " "$work/broken.out" || fail "no 'rolled back:' in: $(tail -n 3 "$work/broken.out")"
[ "$(ping_version)" = "$version" ] || fail "/ping reports '$(ping_version)' after Swarm's rollback, not $version"
ok "$broken failed its healthcheck: Swarm rolled back, exit 1 ($(grep -o 'rolled back: .*' "$work/broken.out" | cut -c1-70)...), /ping still $version"
