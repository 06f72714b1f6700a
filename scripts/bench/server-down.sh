#!/usr/bin/env bash
# Benchmark: `runcli server down` against `docker-compose down` (1.29) on the
# same compose file: three busybox services whose PID 1 ignores SIGTERM, so
# each stop waits out the 10 s grace period (BENCHMARKS.md, server down).
# Two shapes: a chain (web -> app -> db, which must stop one after the other)
# and three independent services. Each round brings the stack up with
# `docker-compose up -d`, then times one tool taking it down; the tools
# alternate. Prints every time, the medians and their ratio.
#
#   scripts/bench/server-down.sh              5 rounds of each shape
#   ROUNDS=3 scripts/bench/server-down.sh
#   BIN=path/to/runcli scripts/bench/server-down.sh   (skips the release build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-5}
command -v docker-compose >/dev/null || { echo "docker-compose is needed (apt-get install docker-compose)" >&2; exit 2; }
DIR=$(temp_project)
PROJECT=$(basename "$DIR")

cleanup() {
    (cd "$DIR" && docker-compose -p "$PROJECT" down -t 0 >/dev/null 2>&1) || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

if [ -z "${BIN:-}" ]; then
    say "building the release binary"
    (cd "$ROOT" && cargo build -q --release --locked)
    BIN="$ROOT/target/release/runcli"
fi
IMAGE=$(bench_bin fixture image)

printf '[project]\nname = "%s"\n\n[compose]\nfiles = ["docker-compose.yaml"]\n' "$PROJECT" >"$DIR/runcli.toml"

# Writes the compose file: `chain` or `independent`.
compose_file() {
    local cmd="[\"sh\", \"-c\", \"trap '' TERM; while :; do sleep 1; done\"]"
    {
        echo "version: \"2.4\""
        echo "services:"
        for s in db app web; do
            echo "  $s:"
            echo "    image: $IMAGE"
            echo "    command: $cmd"
            if [ "$1" = chain ]; then
                case $s in
                    app) echo "    depends_on: [db]" ;;
                    web) echo "    depends_on: [app]" ;;
                esac
            fi
        done
    } >"$DIR/docker-compose.yaml"
}

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
up() { (cd "$DIR" && docker-compose -p "$PROJECT" up -d >/dev/null 2>&1); sleep 1; }

say "machine"
echo "nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) $(docker-compose version --short 2>/dev/null)"

for shape in chain independent; do
    compose_file "$shape"
    say "$shape: $ROUNDS rounds"
    r=(); d=()
    for i in $(seq 1 "$ROUNDS"); do
        up
        t0=$(now); "$BIN" --project "$DIR" server down >"$DIR/runcli-down.txt" 2>&1; t1=$(now)
        up
        t2=$(now); (cd "$DIR" && docker-compose -p "$PROJECT" down >/dev/null 2>&1); t3=$(now)
        r+=("$(secs "$t0" "$t1")"); d+=("$(secs "$t2" "$t3")")
        named=$(grep -c 'ignored SIGTERM' "$DIR/runcli-down.txt" || true)
        echo "round $i: runcli ${r[-1]} s (named $named services), docker-compose ${d[-1]} s"
    done
    mr=$(median "${r[@]}"); md=$(median "${d[@]}")
    echo "RESULT server_down shape=$shape runcli_s=$mr baseline_s=$md ratio=$(awk -v a="$mr" -v b="$md" 'BEGIN { printf "%.2f", a / b }') baseline=\"docker-compose down\""
done
