#!/usr/bin/env bash
# The console as a person meets it: open it at 120x40 on the demo project,
# see the panes and the engine version, open help with ?, quit with q and
# find the shell prompt back in cooked mode.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh
trap tmux_stop EXIT

engine_version=$(docker version --format '{{.Server.Version}}')
tmux_start basics
tmux_type "RUNCLI_LOG_FILE=$PWD/target/tmux-screens/basics.log $bin --project assets/demo" Enter
tmux_wait_for 'Server' 15
tmux_wait_for "engine $(regex_quote "$engine_version")" 10
tmux_save basics-main
for pane in Server Testing Migrations Secrets Docs Git Logs; do
  tmux_screen | grep -q "$pane" || { echo "FAIL: pane $pane missing" >&2; tmux_screen >&2; exit 1; }
done

tmux_type '?'
tmux_wait_for 'Help' 5
tmux_wait_for 'quit \(containers keep running\)' 5
tmux_save basics-help
tmux_type Escape
tmux_wait_gone 'Help: \?' 5
tmux_wait_for 'Profiles' 5

tmux_type 's'
tmux_wait_for 'pane is not built yet|Profiles' 5
tmux_type 'q'
tmux_wait_for '^READY\$ *$' 10
tmux_save basics-after-quit
tmux_expect_cooked
echo "ok: console basics"
