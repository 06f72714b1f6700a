#!/usr/bin/env bash
# The one test command: formatting, lints, every cargo test (against a real
# Docker engine), the console tests in tmux and the demo end to end. Used by CI (.ci/run) and by
# developers alike.
#
# On a fresh Debian machine running as root it installs what is missing
# (docker.io, busybox-static, tmux, libssl-dev, pkg-config) and, when no Docker engine answers,
# starts dockerd for the run and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

# shellcheck source=scripts/lib/engine.sh
source scripts/lib/engine.sh

ensure_packages
ensure_engine
trap stop_own_engine EXIT

export RUNCLI_REQUIRE_DOCKER=1

log "cargo fmt --check"
cargo fmt --all --check

log "cargo clippy"
cargo clippy --all-targets --locked -- -D warnings

log "secrets golden files: re-rendered with the real Jinja2 and diffed"
bash scripts/jinja-golden.sh --check

log "cargo test (real engine at ${DOCKER_HOST:-unix:///var/run/docker.sock})"
cargo test --locked

log "console in tmux"
cargo build --locked --quiet
for t in scripts/tmux/*.sh; do
  log "tmux: $t"
  bash "$t" target/debug/runcli
done

log "windows build (clippy for x86_64-pc-windows-gnu)"
set +e
bash scripts/check-windows.sh
windows=$?
set -e
if [ "$windows" = 3 ]; then
  echo "SKIPPED: the Windows target could not be installed on this machine" >&2
elif [ "$windows" != 0 ]; then
  exit "$windows"
fi

log "remote engines: TLS, docker context and ssh against private daemons"
bash scripts/e2e/engine-endpoints.sh target/debug/runcli
bash scripts/e2e/exec-remote.sh target/debug/runcli

log "swarm: a local registry and Swarm nodes in network namespaces"
bash scripts/e2e/swarm-infra.sh
bash scripts/e2e/swarm-deploy.sh target/debug/runcli
bash scripts/e2e/swarm-parity.sh target/debug/runcli
bash scripts/e2e/swarm-demo.sh target/debug/runcli

log "swarm: logs across nodes (runcli logs --env and the Logs pane on a two-node swarm)"
bash scripts/e2e/swarm-logs.sh target/debug/runcli

log "swarm: the demo's pipeline to staging and production (runcli pipeline run --to production)"
bash scripts/e2e/swarm-pipeline.sh target/debug/runcli

log "engine restart during a follow"
if own_engine; then
  bash scripts/e2e/engine-restart.sh target/debug/runcli
else
  echo "SKIPPED: this run did not start the engine, so it may not restart it" \
    "(CI always starts its own; stop your dockerd to run this step)" >&2
fi

log "log load: three services at 5,000 lines/s for 60 s, keys all along"
bash scripts/e2e/log-load.sh target/debug/runcli

log "demo end to end (real Flask + Postgres from local base images)"
bash scripts/e2e/demo.sh target/debug/runcli

log "console walkthrough on the demo in tmux"
bash scripts/e2e/walkthrough.sh target/debug/runcli

log "all tests passed"
