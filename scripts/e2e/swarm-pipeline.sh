#!/usr/bin/env bash
# The bundled demo's whole delivery pipeline, headless, onto two private
# single-node swarms (staging and production, scripts/lib/swarm.sh) through
# a local registry: `runcli pipeline run --to production --yes-production`.
#
# The demo is copied to a temp folder (its name is the compose project, so
# the run's containers and images are its own), given
# [environments.staging] and [environments.production] from the demo's
# Swarm compose file, and committed into a fresh git repository, as the
# deploy guard asks. Checks, from the `--json` events and the effects:
#   1. exit 0; every step of the graph started in the file's order, each
#      after the steps it needs passed, and passed; the acceptance tier ran
#      against staging's URL and the smoke tier against production's, with
#      tests that passed and none that failed; the registry holds the
#      version; both environments report it at /ping.
#   2. a commit that bumps the version and adds a unit test that fails:
#      exit 1, the unit step failed, no push or deploy step started (every
#      one is reported skipped), the registry has no image of the new
#      version, and both environments still report the old one.
#
# The demo's tiers run on the machine's engine like scripts/e2e/demo.sh
# (base images from scripts/base-images.sh); the integration tier publishes
# the demo's compose ports (5000, 5436) there, so this script cannot run
# beside demo.sh. Staging and production answer /ping on port 5080 of their
# own node addresses, through a relay (this kernel has no IPVS for the
# routing mesh the demo's file publishes the API on).
#
# Usage: scripts/e2e/swarm-pipeline.sh [path/to/runcli]
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
step() { printf '\n--- %s\n' "$*"; }

# The checks read the JSON events with jq; the copy of the demo is a git
# repository, as the deploy guard asks.
missing=()
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v git >/dev/null 2>&1 || missing+=(git)
install_missing "${missing[@]}"

swarm_setup staging production
work=$(mktemp -d /tmp/rsw-pipeline.XXXXXX)
name="rswpipe$$"
demo=$work/$name
run() { "$bin" --project "$demo" "$@"; }
# built_images: remembers the IDs of the project's images, so those a later
# build leaves untagged can be removed too: only IDs that end up dangling,
# since an identical build may share its ID with another project's tag.
built_images() { docker images -q --filter "reference=$name-*" >>"$work/images"; }
cleanup() {
  # Each line must not fail: swarm_teardown has to run.
  if [ -d "$demo" ]; then run server down --volumes >/dev/null 2>&1 || true; fi
  docker images --format '{{.Repository}}:{{.Tag}}' |
    grep -E "^($name-[a-z]+|$RUNCLI_REGISTRY/[^:]+):" | xargs -r docker rmi >/dev/null 2>&1 || true
  if [ -f "$work/images" ]; then
    sort -u "$work/images" | grep -xFf - <(docker images -q --filter dangling=true) |
      xargs -r docker rmi >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  swarm_teardown
}
trap cleanup EXIT

# /ping through a relay on each node (swarm_relay_env): the demo's file
# publishes the API through the routing mesh, which this kernel lacks.
port=5080
staging_url="http://$RUNCLI_SWARM_STAGING_IP:$port"
production_url="http://$RUNCLI_SWARM_PRODUCTION_IP:$port"
cp -a assets/demo "$demo"
cat >>"$demo/runcli.toml" <<EOF

[environments.staging]
engine = "$RUNCLI_SWARM_STAGING"
stack = "demo-staging"
compose_files = ["docker-compose.swarm.yaml"]
registry = "$RUNCLI_REGISTRY"
url = "$staging_url"

[environments.production]
engine = "$RUNCLI_SWARM_PRODUCTION"
stack = "demo-production"
compose_files = ["docker-compose.swarm.yaml"]
registry = "$RUNCLI_REGISTRY"
url = "$production_url"
EOF
swarm_relay_env "$demo" staging-relay "$RUNCLI_SWARM_STAGING" demo-staging api 5000 "$port"
swarm_relay_env "$demo" production-relay "$RUNCLI_SWARM_PRODUCTION" demo-production api 5000 "$port"
commit_all "$demo"
for relay in staging-relay production-relay; do
  run deploy "$relay" --version relay --timeout 120 >"$work/$relay.out" 2>&1 ||
    { tail -n 20 "$work/$relay.out" >&2; fail "deploy of $relay"; }
done
version=$(jq -r .version "$demo/config.json")

# ping_version URL: the version /ping reports there.
ping_version() { curl -fsS -m 5 "$1/ping" | jq -r .version; }
# registry_tags REPO: the tags the run's registry holds for REPO.
registry_tags() { curl -fsS -m 5 "http://$RUNCLI_REGISTRY/v2/$1/tags/list" | jq -r '.tags // [] | .[]'; }
# step_lines FILE STEP: the output lines of STEP.
step_lines() { jq -r --arg s "$2" 'select(.event == "output" and .step == $s) | .line' "$1"; }

# has FILE COND [JQ_ARGS...]: some event of FILE meets the jq condition COND
# (slurped: jq 1.6's -e looks only at the last line's output).
has() {
  local file=$1 cond=$2
  shift 2
  jq -se "$@" "any(.[]; $cond)" "$file" >/dev/null
}

# pipeline FILE: runs the whole pipeline under --json; prints the exit code.
pipeline() {
  local code=0 t0=$SECONDS
  run --json pipeline run --to production --yes-production >"$1" 2>"$1.err" || code=$?
  built_images
  echo "pipeline exited $code in $((SECONDS - t0)) s" >&2
  echo "$code"
}

# tier_passed FILE STEP ENV URL: the tier step ran against ENV's URL and
# reported tests that passed and none that failed or were skipped.
tier_passed() {
  local file=$1 step=$2 env=$3 url=$4 summary
  step_lines "$file" "$step" | grep -qxF "SERVER_URL=$url ($env)" ||
    fail "$step did not run against $env at $url"
  summary=$(step_lines "$file" "$step" | grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -n 1)
  [[ "$summary" =~ ^([1-9][0-9]*)\ passed,\ 0\ failed,\ 0\ skipped$ ]] ||
    fail "$step reported '${summary:-no summary}'"
  echo "$step against $env: $summary"
}

step "1. pipeline run --to production --yes-production on version $version"
out=$work/run1.json
code=$(pipeline "$out")
[ "$code" = 0 ] || { tail -n 40 "$out.err" >&2; fail "the pipeline exited $code, not 0"; }
planned=$(jq -r 'select(.event == "plan") | .steps[] | select(.run) | .step' "$out")
all=$(run pipeline list --json | jq -r .step)
[ "$planned" = "$all" ] || fail "the run did not take every step: planned [$planned], the graph [$all]"
for kind in build push deploy confirm tier; do
  has "$out" '.event == "plan" and any(.steps[]; .kind == $k)' --arg k "$kind" ||
    fail "the demo's graph has no $kind step"
done
# Each planned step in order: started, then finished passed before the next started.
want=$(while read -r s; do printf 'started %s\nfinished %s passed\n' "$s" "$s"; done <<<"$planned")
got=$(jq -r 'select(.event == "started" or .event == "finished")
  | if .event == "started" then "started \(.step)" else "finished \(.step) \(.state)" end' "$out")
[ "$got" = "$want" ] || fail "the steps did not run and pass in order:"$'\n'"$got"$'\n'"wanted:"$'\n'"$want"
jq -se '(map(select(.event == "plan"))[0].steps) as $plan
  | [.[] | select(.event == "started") | .step] as $order
  | all($plan[]; . as $s | ($order | index($s.step)) as $i
      | all($s.needs[]; . as $n | ($order | index($n)) < $i))' "$out" >/dev/null ||
  fail "a step started before a step it needs"
has "$out" '.event == "result" and .passed == true' || fail "the result record is not passed"
tier_passed "$out" acceptance staging "$staging_url"
tier_passed "$out" smoke production "$production_url"
# The tests' own requests (python-requests) reached each environment's API:
# acceptance's POST /users on staging only, smoke's GET /ping on production.
api_log() { docker -H "$1" service logs --raw "$2_api" 2>/dev/null | grep 'python-requests' || true; }
staging_log=$(api_log "$RUNCLI_SWARM_STAGING" demo-staging)
production_log=$(api_log "$RUNCLI_SWARM_PRODUCTION" demo-production)
grep -q '"POST /users' <<<"$staging_log" || fail "no acceptance request in staging's API log"
grep -q '"GET /ping' <<<"$production_log" || fail "no smoke request in production's API log"
if grep -q '"POST /users' <<<"$production_log"; then fail "acceptance requests reached production"; fi
registry_tags "$name-api" | grep -qxF "$version" || fail "the registry has no $name-api:$version"
for env in staging production; do
  url_var="${env}_url"
  got=$(ping_version "${!url_var}") || fail "no /ping on $env at ${!url_var}"
  [ "$got" = "$version" ] || fail "$env /ping reports $got, not $version"
done
echo "ok: every step passed in order; staging and production report $version at /ping"
jq -r 'select(.event == "finished") | "  \(.step): \(.duration_secs * 10 | round / 10) s"' "$out"

step "2. a unit test fails: nothing after it runs"
next=$(echo "$version" | awk -F. '{ printf "%d.%d.%d", $1, $2, $3 + 1 }')
jq --arg v "$next" '.version = $v' "$demo/config.json" >"$work/config.json"
cp "$work/config.json" "$demo/config.json"
cat >"$demo/tests/unit_tests/test_release.py" <<EOF
"""The released version, as this test still expects it."""
import config


def test_the_version_is_the_released_one():
    assert config.version() == "$version"
EOF
commit_all "$demo"
out=$work/run2.json
code=$(pipeline "$out")
[ "$code" = 1 ] || { tail -n 40 "$out.err" >&2; fail "the pipeline exited $code, not 1"; }
has "$out" '.event == "finished" and .step == "unit" and .state == "failed"' ||
  fail "the unit step did not fail"
step_lines "$out" unit | grep -q 'test_the_version_is_the_released_one' ||
  fail "the unit step's output does not name the failing test"
shipping=$(jq -r 'select(.event == "plan") | .steps[] | select(.run and (.kind == "push" or .kind == "deploy")) | .step' "$out")
[ -n "$shipping" ] || fail "the plan has no push or deploy step"
for s in $shipping; do
  has "$out" '.event == "started" and .step == $s' --arg s "$s" &&
    fail "step $s started after the unit step failed"
  has "$out" '.event == "stopped" and .step == $s and .state == "skipped"' --arg s "$s" ||
    fail "step $s is not reported skipped"
done
# Only the steps up to unit started; every one after it was stopped.
planned=$(jq -r 'select(.event == "plan") | .steps[] | select(.run) | .step' "$out")
started=$(jq -r 'select(.event == "started") | .step' "$out" | paste -sd ' ')
[ "$started" = "$(sed '/^unit$/q' <<<"$planned" | paste -sd ' ')" ] ||
  fail "the steps that started, '$started', are not those up to unit"
for s in $(sed '1,/^unit$/d' <<<"$planned"); do
  has "$out" '.event == "stopped" and .step == $s' --arg s "$s" || fail "step $s is not reported stopped"
done
has "$out" '.event == "result" and .passed == false' || fail "the result record is not failed"
if registry_tags "$name-api" | grep -qxF "$next"; then fail "the registry holds $name-api:$next"; fi
for env in staging production; do
  url_var="${env}_url"
  got=$(ping_version "${!url_var}") || fail "no /ping on $env after the failed run"
  [ "$got" = "$version" ] || fail "$env /ping reports $got after the failed run, not $version"
done
echo "ok: unit failed, steps started: $started; no push or deploy; both still report $version"

echo
echo "ok: the demo's pipeline to production on Swarm"
