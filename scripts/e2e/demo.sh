#!/usr/bin/env bash
# The bundled demo end to end on a real Flask + Postgres stack, through the
# real binary, headless. Each step checks the effect, not only the output:
# /ping answers, the users table exists, report counts match, files exist
# with the right mode, the named volume survives `server down`.
# Usage: scripts/e2e/demo.sh [RUNCLI_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")

bash scripts/base-images.sh

work=$(mktemp -d)
cp -a assets/demo "$work/demo"
demo="$work/demo"
run() { "$bin" --project "$demo" "$@"; }
cleanup() {
  run server down --volumes >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '\n--- %s\n' "$*"; }
psql_tables() { docker exec demo-db-1 psql -U postgres -d db -At -c '\dt' 2>/dev/null | cut -d'|' -f2; }
testcases() { grep -o '<testcase ' "$demo/data/reports/$1.xml" | wc -l; }

step "server up local --detach"
run server up local --detach | tail -n 3
code=$(curl -s -o /dev/null -w '%{http_code}' http://localhost:5001/ping)
[ "$code" = 200 ] || fail "/ping answered $code after 'server up local'"

step "migrate upgrade / current"
run migrate upgrade | tail -n 2
psql_tables | grep -qx users || fail "no users table after 'migrate upgrade'"
head_rev=$(grep -h "^revision = " "$demo"/migrations/versions/*.py | head -n 1 | cut -d"'" -f2)
run migrate current | grep -q "current: $head_rev (head)" || fail "'migrate current' does not name head $head_rev"

step "test run unit / integration, and a switched-on failure"
out=$(run test run unit) || fail "unit tier failed: $out"
n=$(testcases unit)
[ "$(tail -n 1 <<<"$out")" = "$n passed, 0 failed, 0 skipped" ] || fail "unit summary '$(tail -n 1 <<<"$out")' vs $n test cases"
out=$(run test run integration) || fail "integration tier failed: $out"
n=$(testcases integration)
[ "$(tail -n 1 <<<"$out")" = "$n passed, 0 failed, 0 skipped" ] || fail "integration summary vs $n test cases"
if DEMO_FAIL=1 run test run unit >/dev/null; then fail "DEMO_FAIL=1 did not fail the unit tier"; fi

step "secrets compile local"
run secrets compile local
for f in integration.env client/.env.local; do
  [ "$(stat -c %a "$demo/$f")" = 600 ] || fail "$f is not mode 600"
done

step "docs build"
run docs build --apidoc | tail -n 2
[ -s "$demo/docs/build/html/index.html" ] || fail "no docs/build/html/index.html"

step "notebook profile"
out=$(run server up notebook --detach)
grep -Eq 'notebook: https?://[^ ]+\?token=[0-9a-f]+' <<<"$out" || fail "no tokenized notebook URL: $out"

step "10-second load run"
out=$(run test run load) || fail "load tier failed: $out"
rps=$(grep -o 'load total: [0-9]* requests, [0-9]* failures, [0-9.]* req/s' <<<"$out" | awk '{print $7}')
awk -v r="${rps:-0}" 'BEGIN { exit !(r > 0) }' || fail "load reported ${rps:-no} req/s"
echo "load: $rps req/s"

step "server down keeps the database volume"
run server down | tail -n 3
[ -z "$(docker ps -aq --filter label=com.docker.compose.project=demo)" ] || fail "containers of demo left after down"
[ -z "$(docker network ls -q --filter label=com.docker.compose.project=demo)" ] || fail "networks of demo left after down"
docker volume inspect demo_dbdata >/dev/null || fail "the database volume did not survive down"
run server up local --detach | tail -n 1
psql_tables | grep -qx users || fail "the migrated table is gone after down and up"

echo
echo "ok: demo end to end"
