#!/usr/bin/env bash
# The mouse as a person uses it: a busybox project whose service printed
# 300 numbered lines; click the Logs tab and see the Logs pane, turn the
# wheel over the log panel and see it scroll back (paused, the newest line
# gone), turn it the other way and see the newest line again, then click
# the Server and Testing tabs. Mouse events are written to the pane as the
# terminal would send them (SGR: ESC [ < button ; column ; row M/m).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/engine.sh
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh
ensure_packages

dir=$(mktemp -d)
cleanup() {
  tmux_stop
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT

busybox_project "$dir" "rt-mouse-$$" '  talker:
    build: .
    command: ["sh", "-c", "i=0; while [ $$i -lt 300 ]; do echo talk-line-$$i; i=$$((i+1)); done; sleep 600"]' '"talker"'
"$bin" --project "$dir" server up all --detach >/dev/null

# mouse KIND COLUMN ROW: one SGR mouse event at 1-based COLUMN, ROW; KIND
# is click, up (wheel towards older lines) or down.
mouse() {
  local at="$2;$3"
  case $1 in
    click)
      tmux_type -l $'\e[<0;'"$at"'M'
      tmux_type -l $'\e[<0;'"$at"'m'
      ;;
    up) tmux_type -l $'\e[<64;'"$at"'M' ;;
    down) tmux_type -l $'\e[<65;'"$at"'M' ;;
  esac
}

# tab_column TITLE: the 1-based column of TITLE's letter in the menu bar.
tab_column() {
  tmux_screen | sed -n 2p | awk -v t=" $1" '{ i = index($0, t); if (i == 0) exit 1; print i + 1 }'
}

tmux_start mouse
tmux_type "$bin --project $dir" Enter
tmux_wait_for 'engine [0-9]' 15
tmux_wait_for 'talker +running' 15
tmux_expect_absent '┌ Containers'

mouse click "$(tab_column 'l Logs')" 2
tmux_wait_for '┌ Containers' 5
tmux_wait_for 'talk-line-299' 10
tmux_save mouse-logs

# The Logs pane's log panel starts at column 33; row 20 is inside it.
for _ in 1 2 3 4 5 6 7 8 9 10; do mouse up 70 20; done
tmux_wait_for 'paused, 30 newer' 5
tmux_expect_absent 'talk-line-299'
tmux_wait_for 'talk-line-269' 5
tmux_save mouse-scrolled

for _ in 1 2 3 4 5 6 7 8 9 10; do mouse down 70 20; done
tmux_wait_for 'talk-line-299' 5
tmux_save mouse-scrolled-back

mouse click "$(tab_column 'x Testing')" 2
tmux_wait_for '┌ Tiers' 5
tmux_expect_absent '┌ Containers'
mouse click "$(tab_column 's Server')" 2
tmux_wait_for '┌ Profiles' 5
tmux_save mouse-server

tmux_type q
tmux_wait_for '^READY\$ *$' 10
tmux_expect_cooked
echo "ok: mouse clicks tabs and the wheel scrolls the panel under it"
