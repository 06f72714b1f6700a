#!/usr/bin/env bash
# Benchmark: `runcli test run unit` against `docker-compose run` of the same
# command on the same compose files (the demo's unit tier), alternating,
# 5 rounds each; prints every time, the medians and their ratio.
# Needs the demo's base images (scripts/base-images.sh) and docker-compose.
# Usage: scripts/bench/test-tier.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
command -v docker-compose >/dev/null || { echo "docker-compose is needed (apt-get install docker-compose)" >&2; exit 2; }
bash scripts/base-images.sh >/dev/null
cargo build --release --locked --quiet
bin=$PWD/target/release/runcli
work=$(mktemp -d)
cp -a assets/demo "$work/demo"
cd "$work/demo"
cleanup() { "$bin" --project . server down --volumes >/dev/null 2>&1 || true; cd /; rm -rf "$work"; }
trap cleanup EXIT
files="-f docker-compose.yaml -f docker-compose.integration.yaml"
# Warm up: images built once by each tool, so rounds time the runs alone.
"$bin" --project . test run unit >/dev/null
docker-compose $files run --rm host python -m pytest tests/unit_tests --junitxml=data/reports/unit.xml >/dev/null 2>&1
"$bin" --project . server down >/dev/null
now() { date +%s.%N; }
r=(); d=()
for i in $(seq 1 "$rounds"); do
  t0=$(now); "$bin" --project . test run unit >/dev/null; t1=$(now)
  "$bin" --project . server down >/dev/null
  t2=$(now); docker-compose $files run --rm host python -m pytest tests/unit_tests --junitxml=data/reports/unit.xml >/dev/null 2>&1; t3=$(now)
  docker-compose $files down >/dev/null 2>&1
  r+=("$(echo "$t1 - $t0" | bc)"); d+=("$(echo "$t3 - $t2" | bc)")
  echo "round $i: runcli ${r[-1]} s, docker-compose ${d[-1]} s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mr=$(median "${r[@]}"); md=$(median "${d[@]}")
echo "median: runcli ${mr} s, docker-compose ${md} s, ratio $(echo "scale=2; $mr / $md" | bc)"
