#!/usr/bin/env bash
# Benchmark: how long the console takes to quit, measured from outside the
# process (BENCHMARKS.md, quit latency). A project runs one service whose log
# holds 1,000,000 lines and three idle ones; each round opens the release
# console in tmux at 200x60, waits until the log panel shows the last line,
# then times from just before `tmux send-keys q` until the process has exited
# (a pidfd, so the exit is seen when it happens, not at a polling tick).
#
#   scripts/bench/quit.sh                   5 rounds, its own containers
#   ROUNDS=3 scripts/bench/quit.sh
#   DURING=0.8 scripts/bench/quit.sh        quit 0.8 s after launch instead,
#                                           while the attach still streams
#   BIN=path/to/runcli scripts/bench/quit.sh   (skips the release build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-5}
LINES=${LINES:-1000000}
DIR=$(temp_project)
PROJECT=$(basename "$DIR")
SESSION="runcli-bench-quit-$$"

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    bench_bin fixture down --project "$PROJECT" >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

if [ -z "${BIN:-}" ]; then
    say "building the release console"
    (cd "$ROOT" && cargo build -q --release --locked)
    BIN="$ROOT/target/release/runcli"
fi

say "project $PROJECT: one service with a $LINES-line log, three idle"
bench_bin fixture log --project "$PROJECT" --service api --lines "$LINES" >/dev/null
for s in db frontend worker; do
    bench_bin fixture idle --project "$PROJECT" --service "$s" >/dev/null
done

# Sends KEYS to the session and prints the milliseconds until PID exits.
quit_ms() {
    python3 - "$1" "$SESSION" "$2" <<'PY'
import os, select, subprocess, sys, time
pid, session, keys = int(sys.argv[1]), sys.argv[2], sys.argv[3]
fd = os.pidfd_open(pid)
start = time.monotonic()
subprocess.run(["tmux", "send-keys", "-t", session, keys], check=True)
poll = select.poll()
poll.register(fd, select.POLLIN)
if not poll.poll(10_000):
    sys.exit(f"process {pid} still runs 10 s after {keys}")
print(f"{(time.monotonic() - start) * 1000:.0f}")
PY
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

times=()
for i in $(seq 1 "$ROUNDS"); do
    tmux new-session -d -s "$SESSION" -x 200 -y 60 \
        "exec env RUNCLI_LOG_FILE='$DIR/runcli.log' '$BIN' --project '$DIR'"
    pid=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
    if [ -n "${DURING:-}" ]; then
        sleep "$DURING"
        times+=("$(quit_ms "$pid" q)")
        echo "round $i: quit during the attach in ${times[-1]} ms"
        tmux kill-session -t "$SESSION" 2>/dev/null || true
        continue
    fi
    for _ in $(seq 1 600); do
        if tmux capture-pane -p -t "$SESSION" | grep -q "│$LINES *│"; then
            break
        fi
        sleep 0.1
    done
    if ! tmux capture-pane -p -t "$SESSION" | grep -q "│$LINES *│"; then
        tmux capture-pane -p -t "$SESSION" >&2
        echo "the console did not show the last line within 60 s" >&2
        exit 1
    fi
    sleep 1
    times+=("$(quit_ms "$pid" q)")
    echo "round $i: quit in ${times[-1]} ms"
    tmux kill-session -t "$SESSION" 2>/dev/null || true
done
echo "RESULT quit during=${DURING:-no} lines=$LINES rounds=$ROUNDS median_ms=$(median "${times[@]}") all_ms=\"${times[*]}\""
