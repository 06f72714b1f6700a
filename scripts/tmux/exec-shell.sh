#!/usr/bin/env bash
# `E` hands the terminal to a shell in the selected service's container and
# the console comes back as it was: on the Server pane and on the Logs pane,
# select `web` (the second service), press E, type `echo inside-$((6*7))`,
# see inside-42, see the TTY take the window's size (also after a resize),
# `exit`, and find the very same screen (pane, selection, scroll) as
# before, colours included. Then quit to a cooked terminal.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh

dir=$(mktemp -d)
cleanup() {
  tmux_stop
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT

busybox_project "$dir" "rt-exec-shell-$$" '  api:
    build: .
    command: ["sh", "-c", "echo api is up; sleep 600"]
  web:
    build: .
    command: ["sh", "-c", "echo web is up; sleep 600"]' '"api", "web"'
"$bin" --project "$dir" server up all --detach >/dev/null

tmux_start exec-shell
tmux_type "$bin --project $dir" Enter
tmux_wait_for 'engine [0-9]' 15
tmux_wait_for 'web +running' 15

# styled_screen: the screen with colours and attributes (so the selected
# row shows), less the style changes at line ends that only concern blank
# cells and depend on the order cells were painted in.
styled_screen() {
  tmux capture-pane -e -p -t "$TMUX_SESSION" | sed -E 's/(\x1b\[[0-9;]*m)+$//'
}

# shell_round_trip NAME: E, the check inside, exit; the screen must come
# back exactly (text and attributes) as it was before E.
shell_round_trip() {
  local before after
  sleep 0.5
  before=$(styled_screen)
  tmux_save "exec-$1-before"
  tmux_type E
  tmux_wait_for 'exit` returns to the console' 10
  tmux_wait_for '^/ #' 10
  tmux_type 'echo inside-$((6*7))' Enter
  tmux_wait_for '^inside-42$' 10
  tmux_save "exec-$1-inside"
  # The shell's TTY has the terminal's size, and follows it when it changes.
  tmux_type 'stty size' Enter
  tmux_wait_for '^40 120$' 10
  tmux resize-window -t "$TMUX_SESSION" -x 100 -y 30
  tmux_type 'clear; stty size' Enter
  tmux_wait_for '^30 100$' 10
  tmux resize-window -t "$TMUX_SESSION" -x 120 -y 40
  tmux_type 'clear; echo inside-$((6*7))' Enter
  tmux_wait_for '^inside-42$' 10
  tmux_type 'exit' Enter
  tmux_wait_gone '^inside-42$' 10
  sleep 0.5
  after=$(styled_screen)
  tmux_save "exec-$1-after"
  if [ "$before" != "$after" ]; then
    echo "FAIL: the $1 pane came back different:" >&2
    diff <(echo "$before") <(echo "$after") >&2 || true
    exit 1
  fi
  echo "ok: shell from the $1 pane, and the same screen after"
}

# Server pane: focus the services and select the second one, web.
tmux_type Tab
tmux_type j
tmux_wait_for 'web is up' 10
shell_round_trip server

# Logs pane: the same selection, its log focused.
tmux_type l
tmux_type Enter
tmux_wait_for 'web is up' 10
shell_round_trip logs

tmux_type Escape
tmux_type q
tmux_wait_for '^READY\$ *$' 10
tmux_expect_cooked
echo "ok: exec shell round trip"
