#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md against the local Docker engine and
# prints a table of medians and ratios. About 6-8 minutes on 2 cores.
#
#   scripts/bench/run-all.sh             all benchmarks, 5 rounds each
#   ROUNDS=3 scripts/bench/run-all.sh    fewer rounds
#   VARIANTS=1 scripts/bench/run-all.sh  also measure the console path on
#                                        other runtimes (multi-thread, one
#                                        worker, current thread), VARIANT_ROUNDS=3
#                                        rounds each: about 3 minutes more
#
# Every container is labelled with a temporary compose project and removed
# on exit, also on failure or Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-5}
VARIANT_ROUNDS=${VARIANT_ROUNDS:-3}
LINES=1000000
OUT=$(mktemp "${TMPDIR:-/tmp}/runcli-bench-results-XXXXXX")
DIR=$(temp_project)
PROJECT=$(basename "$DIR")
LIVE_PROJECT="$PROJECT-live"

cleanup() {
    bench_bin fixture down --project "$PROJECT" >/dev/null 2>&1 || true
    bench_bin fixture down --project "$LIVE_PROJECT" >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

say "building (release console, benchmark binaries)"
(cd "$ROOT" && cargo build -q --release && cargo bench -q --no-run 2>/dev/null)
bench_bin fixture image >/dev/null

say "machine"
echo "nproc=$(nproc) dockerd=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')" \
    "load=$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"

say "1  live ingest: $LINES lines, $ROUNDS rounds"
bench_bin ingest live --project "$LIVE_PROJECT" --rounds "$ROUNDS" --lines "$LINES" | tee -a "$OUT"

say "fixture: a container whose log holds $LINES lines (project $PROJECT)"
ID=$(bench_bin fixture log --project "$PROJECT" --service api --lines "$LINES")

say "1b attach to a $LINES-line log, $ROUNDS rounds"
bench_bin ingest attach --container "$ID" --rounds "$ROUNDS" --lines "$LINES" | tee -a "$OUT"

say "3  peak RSS, 100k-line cap: 100k lines, then 1M lines (one process each)"
for tail in 100000 $LINES; do
    bench_bin ingest rss --container "$ID" --tail "$tail" --lines "$LINES" | tee -a "$OUT"
done

if [ "${VARIANTS:-0}" = 1 ]; then
    say "the console path on other runtimes, 1M lines into the 100k cap"
    # Rounds outside, variants inside: noise from the shared machine spreads evenly.
    for round in $(seq 1 "$VARIANT_ROUNDS"); do
        for v in "console multi_thread" "console one_worker" "console current_thread"; do
            set -- $v
            bench_bin ingest rss --container "$ID" --tail "$LINES" --lines "$LINES" \
                --runtime "$2" | sed "s/^RESULT rss /RESULT variant follow=$1 runtime=$2 /" | tee -a "$OUT"
        done
    done
fi

say "2  drawing a 200x60 log panel, 10k vs 1M lines (criterion)"
(cd "$ROOT" && cargo bench -q --bench log_panel -- --noplot 2>/dev/null | grep -E '^log_panel|time:') || true
for id in follow/10k follow/1M paused_mid/10k paused_mid/1M; do
    dir="$ROOT/target/criterion/log_panel_200x60/$id/new"
    python3 - "$dir" "$id" <<'PY' | tee -a "$OUT"
import json, sys
d, name = sys.argv[1], sys.argv[2]
est = json.load(open(f"{d}/estimates.json"))
smp = json.load(open(f"{d}/sample.json"))
fastest = min(t / i for t, i in zip(smp["times"], smp["iters"]))
print(f"RESULT panel case={name} median_us={est['median']['point_estimate'] / 1000:.0f} "
      f"fastest_us={fastest / 1000:.0f}")
PY
done

say "4  idle console"
for s in db frontend worker; do
    bench_bin fixture idle --project "$PROJECT" --service "$s" >/dev/null
done
"$(dirname "${BASH_SOURCE[0]}")/idle.sh" --project-dir "$DIR" | tee -a "$OUT"

say "results ($OUT)"
"$(dirname "${BASH_SOURCE[0]}")/table.sh" "$OUT"
