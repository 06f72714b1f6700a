#!/usr/bin/env bash
# Two consoles on the same project see the same containers: both open
# first, then a headless `server up` starts the profile and both list its
# containers, and a second `up` says it is already up. `server down` empties
# both lists.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh

dir=$(mktemp -d)
sessions=()
cleanup() {
  for s in "${sessions[@]}"; do tmux kill-session -t "$s" 2>/dev/null || true; done
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT

busybox_project "$dir" "rt-two-$$" '  one:
    build: .
    command: ["sh", "-c", "echo one is up; sleep 600"]
  two:
    build: .
    command: ["sh", "-c", "echo two is up; sleep 600"]' '"one", "two"'

for name in first second; do
  tmux_start "two-consoles-$name"
  sessions+=("$TMUX_SESSION")
  tmux_type "$bin --project $dir" Enter
  tmux_wait_for 'engine [0-9]' 15
  tmux_type l
  tmux_wait_for 'no containers|Containers' 5
done

"$bin" --project "$dir" server up all --detach >/dev/null
for s in "${sessions[@]}"; do
  TMUX_SESSION=$s
  tmux_wait_for '● one running' 15
  tmux_wait_for '● two running' 5
  tmux_save "two-consoles-up-${s##*-two-consoles-}"
done
echo "ok: both consoles list the containers started headless"

again=$("$bin" --project "$dir" server up all --detach 2>&1)
if ! grep -qi 'already up' <<<"$again"; then
  echo "FAIL: a second up did not say the profile is already up: $again" >&2
  exit 1
fi
echo "ok: a second up is a no-op: $(tail -n 1 <<<"$again")"

"$bin" --project "$dir" server down >/dev/null
for s in "${sessions[@]}"; do
  TMUX_SESSION=$s
  tmux_wait_gone '● one' 15
  tmux_type q
  tmux_wait_for '^READY\$ *$' 10
done
echo "ok: both consoles saw the containers go"
