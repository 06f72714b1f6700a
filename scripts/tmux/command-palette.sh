#!/usr/bin/env bash
# The project's own commands, from the `:` palette and headless, on a
# project with three of them: `hello` (a one-off in a busybox service,
# prints hello, exits 0), `where` (on the host, prints pwd) and `crash`
# (asks first, exits 7). Headless: exit codes pass through and `crash`
# needs --yes. In the console: `:`, part of a name, Enter, and the output
# and exit status show in the overlay and the status bar; `crash` asks
# y/n first; `hello`'s key runs it too. A command with a bad field stops
# the console with the file, line and column.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/engine.sh
source scripts/lib/tmux.sh
source scripts/lib/busybox-project.sh
ensure_packages

dir=$(mktemp -d)
bad=$(mktemp -d)
cleanup() {
  tmux_stop
  busybox_project_down "$bin" "$dir"
  rm -rf "$dir" "$bad"
}
trap cleanup EXIT

busybox_project "$dir" "rt-palette-$$" '  app:
    build: .
    command: ["sh", "-c", "sleep 600"]' '"app"'
cat >>"$dir/runcli.toml" <<'TOML'

[commands.hello]
description = "says hello from a one-off app container"
key = "h"
service = "app"
command = ["sh", "-c", "echo hello from the app"]

[commands.where]
description = "prints where it runs"
host = true
command = ["pwd"]

[commands.crash]
description = "pretends to crash"
host = true
confirm = true
command = ["sh", "-c", "echo crashing now; exit 7"]
TOML

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect_run CODE PATTERN ARGS...: `runcli run ARGS` exits CODE and prints
# a line matching PATTERN.
expect_run() {
  local want=$1 pattern=$2 out code
  shift 2
  set +e
  out=$("$bin" --project "$dir" run "$@" 2>&1)
  code=$?
  set -e
  [ "$code" = "$want" ] || fail "run $* exited $code, not $want: $out"
  grep -Eq -- "$pattern" <<<"$out" || fail "run $* printed no /$pattern/: $out"
}

echo "headless"
expect_run 0 '^hello from the app$' hello
expect_run 0 "^$(regex_quote "$(cd "$dir" && pwd -P)")\$" where
expect_run 2 'run --yes crash' crash
expect_run 7 '^crashing now$' crash --yes

echo "console"
tmux_start palette
tmux_type "$bin --project $dir" Enter
tmux_wait_for 'engine [0-9]' 15

# run_from_palette QUERY NAME: `:`, the query, Enter.
run_from_palette() {
  tmux_type ':'
  tmux_wait_for 'Palette: ' 5
  tmux_type "$1"
  tmux_wait_for "› command +$2" 5
  tmux_type Enter
}

run_from_palette hel hello
tmux_wait_for 'Run: hello: exited 0' 60
tmux_wait_for '^│hello from the app' 5
tmux_wait_for '^ hello: exited 0' 5
tmux_save palette-hello
tmux_type Escape
tmux_wait_gone 'Run: hello' 5

run_from_palette wher where
tmux_wait_for 'Run: where: exited 0' 15
tmux_wait_for "^│$(regex_quote "$(cd "$dir" && pwd -P)")" 5
tmux_save palette-where
tmux_type Escape
tmux_wait_gone 'Run: where' 5

run_from_palette crash crash
tmux_wait_for 'run crash\? pretends to crash y / n' 5
tmux_expect_absent 'Run: crash'
tmux_type y
tmux_wait_for 'Run: crash: exited 7' 15
tmux_wait_for '^│crashing now' 5
tmux_wait_for '^ crash: exited 7' 5
tmux_save palette-crash
tmux_type Escape
tmux_wait_gone 'Run: crash' 5

# The command's key runs it from the pane.
tmux_type h
tmux_wait_for 'Run: hello: (running|exited 0)' 5
tmux_wait_for 'Run: hello: exited 0' 60
tmux_type Escape
tmux_wait_gone 'Run: hello' 5
tmux_type q
tmux_wait_for '^READY\$ *$' 10
tmux_expect_cooked

echo "a bad field"
cp "$dir/runcli.toml" "$bad/runcli.toml"
cp "$dir/docker-compose.yaml" "$bad/docker-compose.yaml"
sed -i 's/^key = "h"$/key = "hh"/' "$bad/runcli.toml"
tmux_type "clear; $bin --project $bad; echo EXIT=\$?" Enter
tmux_wait_for '^EXIT=2$' 10
tmux_wait_for 'runcli\.toml:[0-9]+:[0-9]+.*not a single character' 5
echo "ok: command palette"
