#!/usr/bin/env bash
# The console on the demo as a person would use it, in tmux at 120x40:
# start the local profile (s) and wait for the healthy badge and a Flask log
# line, run the unit tests (x) and see the pass count, compile the local
# secrets (e), upgrade the database (m), build the docs (d), quit (q).
# Every screen checked is kept under target/tmux-screens/walkthrough-*.txt.
# Usage: scripts/e2e/walkthrough.sh [RUNCLI_BINARY]; needs the base images
# (scripts/base-images.sh, which scripts/e2e/demo.sh runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh

work=$(mktemp -d)
cp -a assets/demo "$work/demo"
cleanup() {
  tmux_stop
  "$bin" --project "$work/demo" server down --volumes >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

tmux_start walkthrough
tmux_type "cd $work/demo && RUNCLI_LOG_FILE=$work/console.log $bin --project ." Enter
tmux_wait_for 'Profiles' 15

# s: the Server pane is where the console opens; Enter starts `local`.
tmux_type 's'
tmux_type Enter
tmux_wait_for 'local +● healthy' 240
# Tab to the services, k to the first (api, serving flask run): its log.
tmux_type Tab
tmux_type 'k'
tmux_wait_for 'demo-api-local' 20
tmux_wait_for 'Running on|Debugger is active|Serving Flask' 60
# Esc: focus back on the profiles.
tmux_type Escape
tmux_save walkthrough-1-server

# x: run the unit tier and see its pass count.
tmux_type 'x'
tmux_wait_for 'Tiers' 10
tmux_type Enter
tmux_wait_for 'unit +✓ [0-9]+ passed' 240
tmux_wait_for '[0-9]+ passed, 0 failed, 0 skipped' 10
tmux_save walkthrough-2-tests

# e: compile the local environment.
tmux_type 'e'
tmux_wait_for 'Environments' 10
tmux_wait_for 'DATABASE_URL' 10
tmux_type Enter
tmux_wait_for 'compiled: integration.env, client/.env.local' 30
tmux_save walkthrough-3-secrets

# m: upgrade the database to head.
tmux_type 'm'
tmux_wait_for 'current: ([0-9a-f]{6,}|base)' 120
tmux_type 'u'
tmux_wait_for 'upgrade to head: done' 120
tmux_wait_for 'at head' 60
tmux_save walkthrough-4-migrations

# d, straight from Migrations (pane letters work from every pane):
# sphinx-apidoc, then the html build (a; Enter would build without apidoc).
tmux_type 'd'
tmux_wait_for 'Sphinx' 10
tmux_type 'a'
tmux_wait_for 'built .*index.html' 240
tmux_save walkthrough-5-docs

tmux_type 'q'
tmux_wait_for '^READY\$ *$' 10
tmux_expect_cooked
[ -f "$work/demo/integration.env" ] || { echo "FAIL: integration.env was not written" >&2; exit 1; }
[ -s "$work/demo/docs/build/html/index.html" ] || { echo "FAIL: no docs index" >&2; exit 1; }
echo "ok: console walkthrough on the demo"
