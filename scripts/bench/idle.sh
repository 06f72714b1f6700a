#!/usr/bin/env bash
# Benchmark 4: what an idle console costs. Three idle services and one whose
# log holds 1,000,000 lines run in a project; the release console opens on it
# in tmux at 200x60 (and attaches to the big log), settles, then sits for
# IDLE_SECS. Prints its CPU and dockerd's over that window (and dockerd's over
# the same window before the console started, since the engine is shared),
# and the frames the console drew over its whole life.
#
#   scripts/bench/idle.sh                  sets up and removes its own containers
#   scripts/bench/idle.sh --project-dir D  uses D (folder name = compose project),
#                                          whose containers run already
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IDLE_SECS=${IDLE_SECS:-30}
DIR=""
if [ "${1:-}" = "--project-dir" ]; then
    DIR=$2
fi
OWN=0
SESSION="runcli-bench-idle-$$"
CONSOLE=""

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    if [ "$OWN" = 1 ]; then
        bench_bin fixture down --project "$(basename "$DIR")" >/dev/null 2>&1 || true
        rm -rf "$DIR"
    fi
}
trap cleanup EXIT INT TERM

say "building the release console"
(cd "$ROOT" && cargo build -q --release)
BIN="$ROOT/target/release/runcli"

if [ -z "$DIR" ]; then
    OWN=1
    DIR=$(temp_project)
    PROJECT=$(basename "$DIR")
    say "project $PROJECT: one service with a 1,000,000-line log, three idle"
    bench_bin fixture log --project "$PROJECT" --service api --lines 1000000 >/dev/null
    for s in db frontend worker; do
        bench_bin fixture idle --project "$PROJECT" --service "$s" >/dev/null
    done
fi
PROJECT=$(basename "$DIR")
LOG="$DIR/runcli.log"
: >"$LOG"

DOCKERD=$(pidof dockerd | awk '{print $1}')
if [ -z "$DOCKERD" ]; then
    echo "no dockerd process found on this machine" >&2
    exit 1
fi

say "dockerd alone for ${IDLE_SECS} s (the engine is shared: this is the floor)"
d0=$(cpu_of "$DOCKERD")
sleep "$IDLE_SECS"
d1=$(cpu_of "$DOCKERD")
baseline=$(awk -v a="$d0" -v b="$d1" 'BEGIN { printf "%.2f", b - a }')

say "console on $PROJECT in tmux 200x60"
tmux new-session -d -s "$SESSION" -x 200 -y 60 \
    "exec env RUNCLI_LOG_FILE='$LOG' '$BIN' --project '$DIR'"
CONSOLE=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
started=$(date +%s.%N)
# Settled: the log panel shows the last line of the big log.
for _ in $(seq 1 600); do
    if tmux capture-pane -p -t "$SESSION" | grep -q '│1000000 *│'; then
        break
    fi
    sleep 0.1
done
settled=$(date +%s.%N)
if ! tmux capture-pane -p -t "$SESSION" | grep -q '│1000000 *│'; then
    tmux capture-pane -p -t "$SESSION" >&2
    echo "the console did not show the last line within 60 s" >&2
    exit 1
fi
startup=$(awk -v a="$started" -v b="$settled" 'BEGIN { printf "%.2f", b - a }')
startup_cpu=$(cpu_of "$CONSOLE")
sleep 1

say "idle for ${IDLE_SECS} s"
c0=$(cpu_of "$CONSOLE")
d0=$(cpu_of "$DOCKERD")
io0=$(io_of "$CONSOLE")
sleep "$IDLE_SECS"
c1=$(cpu_of "$CONSOLE")
d1=$(cpu_of "$DOCKERD")
io1=$(io_of "$CONSOLE")

tmux send-keys -t "$SESSION" q
for _ in $(seq 1 50); do
    kill -0 "$CONSOLE" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$CONSOLE" 2>/dev/null; then
    echo "the console did not quit on q" >&2
    exit 1
fi
frames=$(sed -n 's/.*console closed.*frames=\([0-9]*\).*/\1/p' "$LOG" | tail -1)
if [ -z "$frames" ]; then
    echo "no frames count in $LOG:" >&2
    cat "$LOG" >&2
    exit 1
fi
awk -v secs="$IDLE_SECS" -v frames="$frames" -v c0="$c0" -v c1="$c1" -v d0="$d0" -v d1="$d1" \
    -v base="$baseline" -v startup="$startup" -v scpu="$startup_cpu" -v io0="$io0" -v io1="$io1" 'BEGIN {
    split(io0, a, " "); split(io1, b, " ")
    printf "RESULT idle secs=%s frames_total=%s console_cpu_s=%.2f console_syscalls=%d console_bytes_written=%d dockerd_cpu_s=%.2f dockerd_floor_cpu_s=%.2f startup_s=%s startup_cpu_s=%s\n",
        secs, frames, c1 - c0, (b[1] - a[1]) + (b[2] - a[2]), b[3] - a[3], d1 - d0, base, startup, scpu }'
