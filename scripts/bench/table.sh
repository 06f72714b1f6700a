#!/usr/bin/env bash
# Prints the table of a results file written by run-all.sh (its RESULT lines).
#   scripts/bench/table.sh RESULTS_FILE
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RES=${1:?usage: table.sh RESULTS_FILE}

get() { grep -E "$1" "$RES" | field "$2"; }
row() { printf '%-48s %-34s %-34s %-8s %s\n' "$@"; }

head -1 "$RES"
echo
row "benchmark" "runcli (median)" "baseline (median)" "ratio" "budget"
row "---------" "---------------" "-----------------" "-----" "------"
while read -r line; do
    [ -n "$line" ] || continue
    name=$(echo "$line" | awk '{print $2}')
    base=$(echo "$line" | field baseline)
    row "$name: 1M lines vs $base" \
        "$(echo "$line" | field runcli_s) s, cpu $(echo "$line" | field runcli_cpu_s) s" \
        "$(echo "$line" | field baseline_s) s, cpu $(echo "$line" | field baseline_cpu_s) s" \
        "$(echo "$line" | field ratio)" \
        "$([ "$base" = "docker logs --tail 100000" ] && echo "(like for like)" || echo "<= 1.00")"
done < <(grep -E '^RESULT (live|attach) ' "$RES")

f10=$(get 'case=follow/10k' median_us); f1m=$(get 'case=follow/1M' median_us)
p10=$(get 'case=paused_mid/10k' median_us); p1m=$(get 'case=paused_mid/1M' median_us)
ff10=$(get 'case=follow/10k' fastest_us); ff1m=$(get 'case=follow/1M' fastest_us)
if [ -n "$f10" ] && [ -n "$f1m" ]; then
    row "panel 200x60, following: 1M vs 10k lines" "$f1m us (fastest $ff1m)" "$f10 us (fastest $ff10)" \
        "$(awk -v a="$f1m" -v b="$f10" 'BEGIN { printf "%.2f", a / b }')" "~1.00, <= 1000 us"
    row "panel 200x60, paused mid: 1M vs 10k lines" "$p1m us" "$p10 us" \
        "$(awk -v a="$p1m" -v b="$p10" 'BEGIN { printf "%.2f", a / b }')" "~1.00, <= 1000 us"
fi

r100=$(get '^RESULT rss tail=100000 ' peak_rss_mib); r1m=$(get '^RESULT rss tail=1000000 ' peak_rss_mib)
if [ -n "$r100" ] && [ -n "$r1m" ]; then
    row "peak RSS, 100k cap: 1M vs 100k lines in" "$r1m MiB" "$r100 MiB" \
        "$(awk -v a="$r1m" -v b="$r100" 'BEGIN { printf "%.2f", a / b }')" "~1.00 (bounded)"
fi

idle=$(grep -E '^RESULT idle ' "$RES" || true)
if [ -n "$idle" ]; then
    secs=$(echo "$idle" | field secs)
    row "idle ${secs} s: console CPU, syscalls" "$(echo "$idle" | field console_cpu_s) s, $(echo "$idle" | field console_syscalls) syscalls" \
        "" "" "0"
    row "idle ${secs} s: dockerd CPU (floor w/o console)" "$(echo "$idle" | field dockerd_cpu_s) s" \
        "$(echo "$idle" | field dockerd_floor_cpu_s) s" "" "~floor"
    row "frames drawn (whole session, startup incl.)" "$(echo "$idle" | field frames_total)" "" "" "startup only"
fi

if grep -qE '^RESULT variant ' "$RES"; then
    echo
    row "console path variant (1M lines in)" "wall (median)" "own CPU (median)" "msgs" ""
    for v in "console multi_thread" "console one_worker" "console current_thread"; do
        set -- $v
        lines=$(grep -E "^RESULT variant follow=$1 runtime=$2 " "$RES" || true)
        [ -n "$lines" ] || continue
        med() { echo "$lines" | while read -r l; do echo "$l" | field "$1"; done | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
        row "follow=$1 runtime=$2" "$(med secs) s" "$(med cpu_s) s" "$(med messages)" ""
    done
fi
