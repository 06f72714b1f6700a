#!/usr/bin/env bash
# The Secrets pane as a person uses it: open the console on a copy of the
# demo, press e, see the environments with masked values, compile local
# with Enter, and check the files, their mode, and that no secret value
# reached the screen or the log file.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
source scripts/lib/tmux.sh

work=$(mktemp -d)
trap 'tmux_stop; rm -rf "$work"' EXIT
cp assets/demo/secret--template.env assets/demo/secret--template-values.env \
  assets/demo/config.json assets/demo/.gitignore "$work/"
git -C "$work" init -q
secret=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api-local"]["database_url"])' \
  "$work/secret--template-values.env")
log="$work/console.log"

tmux_start secrets
tmux_type "cd $work && RUNCLI_LOG_FILE=$log RUNCLI_LOG=runcli=trace $bin --project ." Enter
tmux_wait_for 'Logs' 15
tmux_type 'e'
tmux_wait_for 'Environments' 10
tmux_wait_for 'DATABASE_URL' 10
tmux_save secrets-pane
tmux_type Enter
tmux_wait_for 'compiled: integration.env, client/.env.local' 10
tmux_wait_for 'up to date' 10
tmux_save secrets-compiled
tmux_type 'q'
tmux_wait_for '^READY\$ *$' 10

for f in integration.env client/.env.local; do
  [ -f "$work/$f" ] || { echo "FAIL: $f was not written" >&2; exit 1; }
  mode=$(stat -c %a "$work/$f")
  [ "$mode" = 600 ] || { echo "FAIL: $f has mode $mode, not 600" >&2; exit 1; }
done
grep -q '^DATABASE_URL=' "$work/integration.env" || { echo "FAIL: no DATABASE_URL in integration.env" >&2; exit 1; }
for screen in "$SCREENS_DIR"/secrets-*.txt; do
  if grep -qF -- "$secret" "$screen"; then
    echo "FAIL: a secret value reached the screen ($screen)" >&2
    exit 1
  fi
done
if grep -qF -- "$secret" "$log"; then
  echo "FAIL: a secret value reached the log file" >&2
  exit 1
fi
[ -s "$log" ] || { echo "FAIL: the console wrote no log to check" >&2; exit 1; }
echo "ok: secrets pane"
