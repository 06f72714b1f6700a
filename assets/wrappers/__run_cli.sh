#!/bin/sh
# Runs runcli on the project in this script's folder; arguments pass through,
# e.g. `./__run_cli.sh test run unit`. Uses $RUNCLI_BIN when set, else the
# `runcli` on PATH.
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd) || exit 2
bin=${RUNCLI_BIN:-runcli}
if ! command -v "$bin" >/dev/null 2>&1; then
    echo "__run_cli.sh: runcli not found ($bin): install runcli and put it on PATH, or set RUNCLI_BIN to its path" >&2
    exit 127
fi
exec "$bin" --project "$here" "$@"
