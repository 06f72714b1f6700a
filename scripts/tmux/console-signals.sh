#!/usr/bin/env bash
# Killing the console with SIGTERM, SIGHUP or SIGINT, or a panic, restores
# the terminal: the shell prompt comes back in cooked mode with echo, every
# time. A terminal that closes under the console ends it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh
trap tmux_stop EXIT

for sig in TERM HUP INT; do
  tmux_start "signal-$sig"
  pidfile="$PWD/target/tmux-screens/signal-$sig.pid"
  tmux_exec_with_pid "$pidfile" "$bin --project assets/demo"
  tmux_wait_for 'Profiles' 15
  pid=$(cat "$pidfile")
  kill -s "$sig" "$pid"
  tmux_wait_for '^READY\$ *$' 10
  tmux_save "signal-$sig-after"
  tmux_expect_cooked
  if kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: runcli still running after SIG$sig" >&2
    exit 1
  fi
  tmux_stop
  echo "ok: SIG$sig restores the terminal"
done

# A panic (debug builds panic on the key RUNCLI_DEBUG_PANIC_KEY names): the
# terminal is restored, the message is readable and the exit code is 101.
tmux_start panic
tmux_type "RUST_BACKTRACE=0 RUNCLI_DEBUG_PANIC_KEY='~' $bin --project assets/demo; echo EXIT=\$?" Enter
tmux_wait_for 'Profiles' 15
tmux_type '~'
tmux_wait_for '^EXIT=101' 10
tmux_save panic-after
tmux_wait_for "panicked at src/console/debug_panic.rs" 1
tmux_wait_for "^panic requested with RUNCLI_DEBUG_PANIC_KEY=~" 1
tmux_expect_cooked
tmux_stop
echo "ok: a panic restores the terminal and exits 101"

# The terminal closes under the console (its tmux session is killed): the
# console notices and ends within 5 s rather than spinning or hanging.
tmux_start closed
pidfile="$PWD/target/tmux-screens/closed.pid"
tmux_exec_with_pid "$pidfile" "$bin --project assets/demo"
tmux_wait_for 'Profiles' 15
pid=$(cat "$pidfile")
tmux_stop
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "FAIL: runcli still running 5 s after its terminal closed" >&2
  kill -9 "$pid"
  exit 1
fi
echo "ok: a closed terminal ends the console"
