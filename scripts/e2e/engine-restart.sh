#!/usr/bin/env bash
# The engine goes away while the console follows two services' logs in the
# combined view, then comes back: the console says "offline" within 2 s,
# keeps the lines it had, headless commands exit 3, and once dockerd answers
# again each stream resumes after the last line it showed, with no line
# twice and none missing.
#
# It stops and starts the dockerd whose pid is in $RUNCLI_DOCKERD_PIDFILE,
# so it runs only from scripts/test-all.sh when that run started the engine
# itself (always the case in CI).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/engine.sh
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh

if [ ! -s "${RUNCLI_DOCKERD_PIDFILE:-/nonexistent}" ]; then
  echo "FAIL: RUNCLI_DOCKERD_PIDFILE names no dockerd this run owns" >&2
  exit 1
fi

dir=$(mktemp -d)
cleanup() {
  tmux_stop
  engine_answers || start_dockerd >/dev/null
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT

# A tick every 50 ms per service, numbered, so a gap or a repeat is visible.
ticker() {
  printf '  %s:\n    build: .\n    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo %s tick $$i; usleep 50000; done"]\n' "$1" "$1"
}
busybox_project "$dir" "rt-restart-$$" "$(ticker one)
$(ticker two)" '"one", "two"'
"$bin" --project "$dir" server up all --detach

tmux_start engine-restart
tmux_type "RUNCLI_LOG_FILE=$dir/console.log $bin --project $dir" Enter
tmux_wait_for 'engine [0-9]' 15
tmux_type l
tmux_wait_for 'tick [0-9]+' 15
tmux_type a
tmux_wait_for 'all services' 5
tmux_type Enter
tmux_wait_for 'tick [4-9][0-9]' 15

stop_dockerd
down_at=$(date +%s%N)
tmux_wait_for 'offline' 3
offline_ms=$((($(date +%s%N) - down_at) / 1000000))
tmux_save engine-restart-offline
if [ "$offline_ms" -gt 2000 ]; then
  echo "FAIL: offline shown only ${offline_ms} ms after dockerd stopped" >&2
  exit 1
fi
echo "ok: offline shown within ${offline_ms} ms of dockerd stopping"

set +e
"$bin" --project "$dir" server list >"$dir/list.out" 2>&1
code=$?
set -e
if [ "$code" != 3 ] || ! grep -qi 'engine' "$dir/list.out"; then
  echo "FAIL: 'server list' with the engine down exited $code:" >&2
  cat "$dir/list.out" >&2
  exit 1
fi
echo "ok: headless command exits 3: $(head -n 1 "$dir/list.out")"

sleep 2
# The last tick of service one on screen, or nothing. After the restart the
# two streams catch up in turns, so for a moment every line on screen may be
# the other service's: no match is an answer here, not a failure (under
# pipefail it would end the script without a word).
last_one_tick() { tmux_screen | { grep -Eo 'one tick [0-9]+' || true; } | tail -n 1 | cut -d' ' -f3; }
last_before=$(last_one_tick)
[ -n "$last_before" ] || { echo "FAIL: no tick of service one on screen before the restart" >&2; tmux_screen >&2; exit 1; }
start_dockerd
tmux_wait_for 'engine [0-9]' 15
want=$((last_before + 100))
for _ in $(seq 1 150); do
  shown=$(last_one_tick)
  [ "${shown:-0}" -ge "$want" ] && break
  sleep 0.1
done
tmux_save engine-restart-resumed
if [ "${shown:-0}" -lt "$want" ]; then
  echo "FAIL: the stream did not resume past tick $want (shows ${shown:-none})" >&2
  tmux_screen >&2
  exit 1
fi
echo "ok: stream resumed (tick $last_before before the restart, tick $shown now)"

# Export what the panel holds and check the sequence has no gap or repeat.
tmux_type w
tmux_wait_for 'exported|wrote|saved' 5
export_file=$(ls "$dir"/.runcli/logs/*.log | head -n 1)
for svc in one two; do
  grep -Eo "$svc tick [0-9]+" "$export_file" | cut -d' ' -f3 >"$dir/ticks-$svc"
  awk -v svc="$svc" 'NR == 1 { first = $1 } NR > 1 && $1 != prev + 1 { print "FAIL: " svc " tick " prev " followed by " $1; bad = 1 }
       { prev = $1 } END { if (bad) exit 1; print "ok: " svc " ticks " first ".." prev ", no line twice or missing" }' "$dir/ticks-$svc"
  # Each service's lines must run from its first tick to well past the
  # restart (one second of ticks after the last one seen before it).
  if [ "$(tail -n 1 "$dir/ticks-$svc")" -lt $((last_before + 20)) ] ||
    [ "$(head -n 1 "$dir/ticks-$svc")" != 1 ]; then
    echo "FAIL: $svc's lines do not span the restart: $(head -n 1 "$dir/ticks-$svc")..$(tail -n 1 "$dir/ticks-$svc")" >&2
    exit 1
  fi
done
tmux_type q
tmux_wait_for '^READY\$ *$' 10
tmux_expect_cooked
# The panel kept its lines and picked each stream up where it stopped; it
# did not start over from the engine's history.
resumed=$(grep -c 'resuming the log of' "$dir/console.log" || true)
if [ "$resumed" != 2 ]; then
  echo "FAIL: expected both streams resumed, the log says $resumed:" >&2
  grep -i 'resum\|log' "$dir/console.log" >&2 || true
  exit 1
fi
echo "ok: engine restart during a follow"
