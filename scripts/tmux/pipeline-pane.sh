#!/usr/bin/env bash
# The Pipeline pane as a person uses it: a temporary project whose
# [pipeline] is host commands and a confirm step (nothing needs an engine
# or a swarm), one step failing. Open the console, press i, run with
# Enter, answer the confirmation with y, and see each step's state, the
# failed step's output and the skipped step after it. Then run again and
# refuse the confirmation: the run stops, cancelled. Last, run the last
# step alone and cancel it while it runs, and confirm production by
# typing its name (a wrong word first).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh

work=$(mktemp -d)
trap 'tmux_stop; rm -rf "$work"' EXIT
cat >"$work/runcli.toml" <<TOML
[project]
name = "pipepane-$$"

[commands.lint]
host = true
command = ["sh", "-c", "echo linting 3 files; sleep 1; echo lint clean"]

[commands.check]
host = true
command = ["sh", "-c", "echo checking the model; echo 'E   assert 0.42 == 0.5'; exit 3"]

[commands.report]
host = true
command = ["sh", "-c", "echo report written"]

[commands.slow]
host = true
command = ["sh", "-c", "echo \$\$ > slow.pid; echo sleeping; exec sleep 30"]

[pipeline.lint]
command = "lint"

[pipeline.confirm-qa]
confirm = "qa"
needs = ["lint"]

[pipeline.check]
command = "check"
needs = ["confirm-qa"]

[pipeline.report]
command = "report"
needs = ["check"]

[pipeline.slow]
command = "slow"
needs = ["report"]

[pipeline.confirm-production]
confirm = "production"
needs = ["slow"]
TOML
git -C "$work" init -q

tmux_start pipeline
tmux_type "cd $work && $bin --project ." Enter
tmux_wait_for 'i Pipeline' 15
tmux_type 'i'
tmux_wait_for 'Pipeline · every step' 10
tmux_wait_for 'pending +└ report' 10
tmux_save pipeline-pane
tmux_type Enter
tmux_wait_for 'running +lint' 10
tmux_wait_for 'confirm-qa: go on to qa\? y / n' 15
tmux_wait_for 'passed +lint' 5
tmux_save pipeline-asking
tmux_type 'y'
tmux_wait_for 'FAILED +└ check' 15
tmux_wait_for 'skipped +└ report' 5
tmux_wait_for 'assert 0\.42 == 0\.5' 5
tmux_wait_for 'command check exited with 3' 5
tmux_wait_for 'pipeline: 2 passed, 1 failed, 3 skipped, 0 cancelled' 10
tmux_save pipeline-failed

# The lint step's own output is still there: select it.
tmux_type 'k' 'k' 'k'
tmux_wait_for 'lint clean' 5
tmux_expect_absent 'assert 0\.42'

# A second run, refused at the question: cancelled, nothing after it runs.
tmux_type Enter
tmux_wait_for 'confirm-qa: go on to qa\? y / n' 15
tmux_type 'n'
tmux_wait_for 'cancelled +└ confirm-qa' 10
tmux_wait_for 'pipeline: 1 passed, 0 failed, 0 skipped, 5 cancelled' 10
tmux_save pipeline-refused

# From the last step alone (f), cancelled while it sleeps (c): it stops
# at once instead of sleeping on, and the steps before it are left out.
tmux_type 'j' 'j' 'j'
tmux_wait_for '┌ slow: ' 5
tmux_type 'f'
tmux_wait_for 'running +└ slow' 10
tmux_wait_for 'left out +lint' 5
tmux_wait_for 'sleeping' 10
slow=$(cat "$work/slow.pid")
kill -0 "$slow" || { echo "FAIL: the slow step's command is not running" >&2; exit 1; }
tmux_type 'c'
tmux_wait_for 'cancelled +└ slow' 10
tmux_wait_for 'pipeline: 0 passed, 0 failed, 0 skipped, 2 cancelled' 5
if kill -0 "$slow" 2>/dev/null; then
  echo "FAIL: the cancelled step's command is still running" >&2
  exit 1
fi
tmux_save pipeline-cancelled

# Production is confirmed only by typing its name: a wrong word cancels.
tmux_type 'j'
tmux_wait_for '┌ confirm-production: ' 5
tmux_type 'f'
tmux_wait_for 'type production to deploy it' 10
tmux_type 'prod' Enter
tmux_wait_for '» `prod` is not `production`: confirm-production is cancelled' 10
tmux_wait_for 'cancelled +└ confirm-production' 10
tmux_type 'f'
tmux_wait_for 'type production to deploy it' 10
tmux_type 'production' Enter
tmux_wait_for 'passed +└ confirm-production' 10
tmux_wait_for 'pipeline: 1 passed, 0 failed, 0 skipped, 0 cancelled' 10
tmux_save pipeline-production
tmux_type 'q'
tmux_wait_for '^READY\$ *$' 10
echo "ok: pipeline pane"
