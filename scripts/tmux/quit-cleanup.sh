#!/usr/bin/env bash
# Quitting the console while work runs in a one-off container leaves no
# container behind: a project command (`sleep 600` from the `:` palette)
# and a test tier (`sleep 600`, run from the Testing pane) are each
# cancelled on `q`, their containers removed before runcli exits, and the
# terminal is given back cooked. Before, the runtime was dropped with the
# work mid-run and the one-off container kept running.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/engine.sh
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh
ensure_packages

dir=$(mktemp -d)
name="rt-quit-$$"
cleanup() {
  tmux_stop
  docker ps -aq --filter "label=com.docker.compose.project=$name" | xargs -r docker rm -f >/dev/null 2>&1 || true
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

busybox_project "$dir" "$name" '  app:
    build: .
    command: ["sh", "-c", "sleep 600"]' '"app"'
cat >>"$dir/runcli.toml" <<'TOML'

[commands.long]
description = "runs for ten minutes in a one-off app container"
service = "app"
command = ["sh", "-c", "echo long command started; exec sleep 600"]

[tests]
all = ["slow"]

[tests.slow]
description = "a tier that runs for ten minutes"
service = "app"
commands = [["sh", "-c", "echo slow tier started; exec sleep 600"]]
TOML

# one_offs: the project's one-off containers, running or not.
one_offs() {
  docker ps -aq --filter "label=com.docker.compose.project=$name" \
    --filter "label=com.docker.compose.oneoff=True"
}

# quit_and_expect_no_one_off WHAT SAID: q, then the shell prompt with no
# one-off container of the project left, runcli having said SAID (a regex)
# while it waited, and the terminal cooked.
quit_and_expect_no_one_off() {
  [ -n "$(one_offs)" ] || fail "no one-off container runs $1 before quitting"
  tmux_type q
  tmux_wait_for '^READY\$ *$' 40
  tmux_save "quit-cleanup-${1// /-}"
  [ -z "$(one_offs)" ] || fail "quitting during $1 left $(one_offs | wc -l) one-off container(s)"
  tmux_wait_for "$2" 1
  tmux_expect_cooked
  echo "ok: quitting during $1 removed its one-off container"
}

tmux_start quit-cleanup
tmux_type "$bin --project $dir" Enter
tmux_wait_for 'engine [0-9]' 15
tmux_type ':'
tmux_wait_for 'Palette: ' 5
tmux_type long
tmux_wait_for '› command +long' 5
tmux_type Enter
tmux_wait_for '^│long command started' 60
tmux_type Escape
tmux_wait_gone 'Run: long' 5
quit_and_expect_no_one_off "a project command" 'runcli: stopping command long and removing its container'

tmux_type "clear; $bin --project $dir" Enter
tmux_wait_for 'engine [0-9]' 15
tmux_type x
tmux_wait_for '^│slow ' 5
tmux_type Enter
tmux_wait_for 'slow tier started' 60
quit_and_expect_no_one_off "a test tier" 'runcli: stopping the test run and removing its container'
echo "ok: quitting the console leaves no one-off container"
