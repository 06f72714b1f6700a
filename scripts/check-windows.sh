#!/usr/bin/env bash
# Keeps the Windows build compiling: clippy (a `cargo check` plus lints) of
# every target (lib, binary, tests, benches) for x86_64-pc-windows-gnu, with
# warnings as errors. Nothing is linked or run.
#
# Installs what is missing: the target's standard library (rustup) and the
# mingw-w64 C cross compiler (apt, root on Debian), which the build scripts of
# libgit2-sys, libssh2-sys, libz-sys and ring need to compile their C code.
#
# result_large_err is allowed here only: a PathBuf is 32 bytes on Windows
# against 24 on Unix, which lifts a few error enums just over clippy's
# 128-byte bound there; on Unix the lint stays on.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu

if ! rustup target list --installed | grep -qx "$target"; then
  echo "installing the $target standard library"
  if ! rustup target add "$target"; then
    # Exit 3: the check could not run here (no route to the Rust
    # distribution server); test-all.sh reports that loudly.
    echo "cannot install the $target standard library with rustup" >&2
    exit 3
  fi
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing gcc-mingw-w64-x86-64"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null
  else
    echo "missing x86_64-w64-mingw32-gcc: install gcc-mingw-w64-x86-64 (or run as root on Debian)" >&2
    exit 1
  fi
fi

cargo clippy --locked --target "$target" --all-targets -- -D warnings -A clippy::result_large_err
echo "windows ($target): clippy clean"
