#!/usr/bin/env bash
# Benchmark: starting the demo's local profile with runcli against
# `docker-compose up -d` on the same compose file, alternating, 5 rounds
# each; prints every time, the medians and their ratio.
#
# Both do the same work: the database up and healthy, the migrations
# applied, Flask answering /ping. runcli's `server up local --detach`
# returns only then (port 5001); docker-compose returns once the api
# container has started, so its time runs until /ping on port 5000 answers
# (polled every 50 ms), and the time `up -d` itself took is shown too.
# The database volume is kept between rounds, as in daily use.
# Needs the demo's base images (scripts/base-images.sh) and docker-compose.
# Usage: scripts/bench/server-up.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
command -v docker-compose >/dev/null || { echo "docker-compose is needed (apt-get install docker-compose)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed (apt-get install curl)" >&2; exit 2; }
bash scripts/base-images.sh >/dev/null
cargo build --release --locked --quiet
bin=$PWD/target/release/runcli
work=$(mktemp -d)
cp -a assets/demo "$work/demo"
cd "$work/demo"
files="-f docker-compose.yaml"
down() {
  "$bin" --project . server down >/dev/null 2>&1 || true
  docker-compose $files down >/dev/null 2>&1 || true
}
cleanup() {
  down
  "$bin" --project . server down --volumes >/dev/null 2>&1 || true
  cd /
  rm -rf "$work"
}
trap cleanup EXIT
wait_ping() {
  until curl -fs "http://localhost:$1/ping" >/dev/null 2>&1; do sleep 0.05; done
}
now() { date +%s%N; }
secs() { echo "scale=2; ($2 - $1) / 1000000000" | bc; }

# Warm up: images built and the database initialised once by each tool.
"$bin" --project . server up local --detach >/dev/null
down
docker-compose $files up -d db api >/dev/null 2>&1
wait_ping 5000
down

r=(); d=(); u=()
for i in $(seq 1 "$rounds"); do
  t0=$(now); "$bin" --project . server up local --detach >/dev/null; t1=$(now)
  down
  t2=$(now); docker-compose $files up -d db api >/dev/null 2>&1; t3=$(now)
  wait_ping 5000; t4=$(now)
  down
  r+=("$(secs "$t0" "$t1")"); d+=("$(secs "$t2" "$t4")"); u+=("$(secs "$t2" "$t3")")
  echo "round $i: runcli ${r[-1]} s, docker-compose ${d[-1]} s to /ping (up -d returned after ${u[-1]} s)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mr=$(median "${r[@]}"); md=$(median "${d[@]}"); mu=$(median "${u[@]}")
echo "median: runcli ${mr} s, docker-compose ${md} s to /ping (up -d ${mu} s), ratio $(echo "scale=2; $mr / $md" | bc)"
