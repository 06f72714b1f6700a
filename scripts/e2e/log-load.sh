#!/usr/bin/env bash
# Three services log 5,000 lines a second each (plus one that prints
# invalid UTF-8, NUL bytes, \r progress lines and a 1 MiB line) while the
# console shows them all combined and a person keeps pressing keys. Reports
# the console's peak RSS, the largest gap between two frames that were due,
# the slowest key-to-frame time and what the services really logged.
# Fails on a crash, a stall of 2 s or more, or a peak RSS over the limit.
#
#   scripts/e2e/log-load.sh [BIN]            60 s, as in test-all.sh
#   LOAD_SECS=600 scripts/e2e/log-load.sh    the soak of BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
secs=${LOAD_SECS:-60}
rss_limit_mib=${RSS_LIMIT_MIB:-512}
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh

dir=$(mktemp -d)
cleanup() {
  tmux_stop
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT

# 500 lines every 100 ms: 5,000 a second, spread as a busy server's are.
noisy() {
  printf '  %s:\n    build: .\n    command: ["sh", "-c", "while true; do yes \\"%s INFO werkzeug 127.0.0.1 - - [29/Nov/2026] GET /ping HTTP/1.1 200 -\\" | head -n 500; usleep 100000; done"]\n' "$1" "$1"
}
odd='  oddities:
    build: .
    command: ["sh", "-c", "while true; do printf \"bad utf8 \\377\\376 here\\n\"; printf \"nul \\000 byte\\n\"; printf \"progress 10%%\\rprogress 50%%\\rprogress 100%%\\n\"; head -c 1048576 /dev/zero | tr \"\\000\" x; echo; sleep 5; done"]'
busybox_project "$dir" "rt-load-$$" "$(noisy api)
$(noisy worker)
$(noisy frontend)
$odd" '"api", "worker", "frontend", "oddities"'
"$bin" --project "$dir" server up all --detach >/dev/null

pidfile="$dir/console.pid"
tmux_start log-load
tmux_exec_with_pid "$pidfile" "env RUNCLI_LOG_FILE=$dir/console.log $bin --project $dir"
tmux_wait_for 'engine [0-9]' 15
pid=$(cat "$pidfile")
tmux_type l
tmux_wait_for 'INFO werkzeug' 15
tmux_type a

# Keys all along: scroll, search, help overlay, back to follow. The help
# overlay's answer is also timed from outside, as a person would see it.
slowest_ms=0
end=$((SECONDS + secs))
while [ "$SECONDS" -lt "$end" ]; do
  t0=$(date +%s%N)
  tmux_type '?'
  tmux_wait_for 'quit \(containers keep running\)' 5
  ms=$((($(date +%s%N) - t0) / 1000000))
  [ "$ms" -gt "$slowest_ms" ] && slowest_ms=$ms
  # Wait for the overlay to close: an Escape read together with the next
  # key is Alt+key to a terminal.
  tmux_type Escape
  tmux_wait_gone 'quit \(containers keep running\)' 5
  tmux_type Enter k k k PageUp j G
  sleep 0.5
done
tmux_save log-load-end
peak_kib=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")

tmux_type q
tmux_wait_for '^READY\$ *$' 15
tmux_expect_cooked
if kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: the console did not quit" >&2
  exit 1
fi
stats=$(grep 'console closed' "$dir/console.log" | tail -n 1)
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$stats"; }
gap=$(field max_frame_gap_ms)
key=$(field max_key_to_frame_ms)
frames=$(field frames)
if [ -z "$gap" ]; then
  echo "FAIL: no frame statistics in $dir/console.log" >&2
  exit 1
fi
for svc in api worker frontend; do
  id=$(docker ps -aq --filter "label=com.docker.compose.project=rt-load-$$" \
    --filter "label=com.docker.compose.service=$svc")
  lines=$(wc -l <"$(docker inspect --format '{{.LogPath}}' "$id")")
  echo "logged: $svc $lines lines in ~${secs} s ($((lines / secs)) lines/s)"
done
peak_mib=$((peak_kib / 1024))
echo "console: ${secs} s, $frames frames, peak RSS ${peak_mib} MiB," \
  "largest frame gap ${gap} ms, slowest key-to-frame ${key} ms," \
  "slowest help overlay seen in tmux ${slowest_ms} ms"
if [ "$gap" -ge 2000 ] || [ "$key" -ge 2000 ]; then
  echo "FAIL: the console stalled (frame gap ${gap} ms, key ${key} ms)" >&2
  exit 1
fi
if [ "$peak_mib" -gt "$rss_limit_mib" ]; then
  echo "FAIL: peak RSS ${peak_mib} MiB is over ${rss_limit_mib} MiB" >&2
  exit 1
fi
echo "ok: log load"
