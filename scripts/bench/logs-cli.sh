#!/usr/bin/env bash
# Benchmark: the headless `runcli logs` against the docker CLI, same run,
# alternating rounds, medians and ratios (BENCHMARKS.md, headless logs).
#
#   1. `runcli logs api` of a container whose log holds LINES lines, against
#      `docker logs ID`, both to /dev/null.
#   2. `runcli logs --follow live` against `docker logs --follow ID` on a fresh
#      container each round that sleeps 2 s, prints LINES lines and exits;
#      the follower attaches during the sleep, and its time runs from the
#      end of the sleep until it exits (the stream ends with the container).
#
#   scripts/bench/logs-cli.sh              5 rounds, 1,000,000 lines
#   ROUNDS=3 LINES=200000 scripts/bench/logs-cli.sh
#   BIN=path/to/runcli scripts/bench/logs-cli.sh   (skips the release build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-5}
LINES=${LINES:-1000000}
DIR=$(temp_project)
PROJECT=$(basename "$DIR")

cleanup() {
    docker ps -aq --filter "label=com.docker.compose.project=$PROJECT" | xargs -r docker rm -f >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

if [ -z "${BIN:-}" ]; then
    say "building the release binary"
    (cd "$ROOT" && cargo build -q --release --locked)
    BIN="$ROOT/target/release/runcli"
fi
IMAGE=$(bench_bin fixture image)

now() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

say "machine"
echo "nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) runcli=$BIN"

say "fixture: a container whose log holds $LINES lines (project $PROJECT)"
ID=$(bench_bin fixture log --project "$PROJECT" --service api --lines "$LINES")
count=$("$BIN" --project "$DIR" logs api | wc -l)
if [ "$count" != "$LINES" ]; then
    echo "runcli logs printed $count lines, not $LINES" >&2
    exit 1
fi

say "1  runcli logs vs docker logs, $ROUNDS rounds"
r=(); d=()
for i in $(seq 1 "$ROUNDS"); do
    t0=$(now); "$BIN" --project "$DIR" logs api >/dev/null; t1=$(now)
    docker logs "$ID" >/dev/null 2>&1; t2=$(now)
    r+=("$(secs "$t0" "$t1")"); d+=("$(secs "$t1" "$t2")")
    echo "round $i: runcli ${r[-1]} s, docker logs ${d[-1]} s"
done
mr=$(median "${r[@]}"); md=$(median "${d[@]}")
echo "RESULT cli_logs lines=$LINES runcli_s=$mr baseline_s=$md ratio=$(ratio "$mr" "$md") baseline=\"docker logs\""

# A fresh container printing LINES lines after 2 s; prints its id.
live_container() {
    docker create --label "com.docker.compose.project=$PROJECT" \
        --label "com.docker.compose.service=live" --label "com.docker.compose.container-number=1" \
        --label "com.docker.compose.oneoff=False" \
        "$IMAGE" sh -c "sleep 2; seq 1 $LINES"
}

# Seconds from the end of the container's sleep until COMMAND... exits. The
# follower attaches during the sleep (the engine follows running containers only).
time_follow() {
    local id=$1
    shift
    docker start "$id" >/dev/null || { echo "cannot start container $id" >&2; return 1; }
    local started
    started=$(now)
    "$@" >/dev/null 2>&1
    local ended
    ended=$(now)
    docker rm -f "$id" >/dev/null
    awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", (b - a) / 1e9 - 2 }'
}

say "2  runcli logs --follow vs docker logs --follow, $ROUNDS rounds"
fr=(); fd=()
for i in $(seq 1 "$ROUNDS"); do
    id=$(live_container)
    t=$(time_follow "$id" "$BIN" --project "$DIR" logs --follow live) || exit 1
    fr+=("$t")
    id=$(live_container)
    t=$(time_follow "$id" docker logs --follow "$id") || exit 1
    fd+=("$t")
    echo "round $i: runcli ${fr[-1]} s, docker logs --follow ${fd[-1]} s"
done
mfr=$(median "${fr[@]}"); mfd=$(median "${fd[@]}")
echo "RESULT cli_follow lines=$LINES runcli_s=$mfr baseline_s=$mfd ratio=$(ratio "$mfr" "$mfd") baseline=\"docker logs --follow\""
