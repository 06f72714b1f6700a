#!/usr/bin/env bash
# Starts the runcli console, building the release binary first when it is
# missing or older than its sources. In this repository it opens on the
# bundled demo project (assets/demo) unless RUNCLI_PROJECT or --project says
# otherwise. Arguments are passed through: ./__run_cli.sh doctor
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="${CARGO_TARGET_DIR:-$here/target}/release/runcli"

stale() {
  [ ! -x "$bin" ] && return 0
  [ -n "$(find "$here/src" "$here/assets" "$here/Cargo.toml" "$here/Cargo.lock" \
    -newer "$bin" -print -quit 2>/dev/null)" ]
}

if stale; then
  if ! command -v cargo >/dev/null 2>&1; then
    echo "runcli: cargo is needed to build runcli; install the Rust toolchain (https://rustup.rs)" >&2
    exit 2
  fi
  echo "building runcli (release)..." >&2
  cargo build --release --locked --quiet --manifest-path "$here/Cargo.toml"
fi

export RUNCLI_PROJECT="${RUNCLI_PROJECT:-$here/assets/demo}"
exec "$bin" "$@"
