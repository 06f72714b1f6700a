#!/usr/bin/env bash
# Killing the console with SIGTERM, SIGHUP or SIGINT restores the terminal:
# the shell prompt comes back in cooked mode with echo, every time.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh
trap tmux_stop EXIT

for sig in TERM HUP INT; do
  tmux_start "signal-$sig"
  pidfile="$PWD/target/tmux-screens/signal-$sig.pid"
  rm -f "$pidfile"
  # exec keeps the pid the shell wrote, so the signal reaches this console.
  tmux_type "sh -c 'echo \$\$ > $pidfile; exec $bin --project assets/demo'" Enter
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
