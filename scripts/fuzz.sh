#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS each (default 60), or
# only the targets named after it. Not part of test-all.sh: a full run takes
# minutes per target. See FUZZING.md.
#
#   scripts/fuzz.sh            # every target, 60 s each
#   scripts/fuzz.sh 300 compose template
#
# Only the stable toolchain is installed: RUSTC_BOOTSTRAP=1 lets it take the
# sanitizer flags cargo-fuzz passes. Each corpus starts from the repo's test
# fixtures, so the fuzzer begins from real files. A summary line per target
# (executions, seconds, outcome) goes to fuzz/artifacts/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all=(manifest compose compose_merge values template env junit alembic sphinx locust)
targets=("${@:-${all[@]}}")

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

# Seeds: a target's corpus gets the fixtures of its parser (never overwritten).
seed() {
  local target=$1
  shift
  mkdir -p "fuzz/corpus/$target"
  local file
  for file in "$@"; do
    [ -f "$file" ] && cp -n "$file" "fuzz/corpus/$target/seed-${file//\//_}"
  done
  return 0
}
seed manifest assets/runcli.toml assets/demo/runcli.toml tests/fixtures/project/*/runcli.toml
seed compose tests/fixtures/compose/template/*.yaml assets/demo/docker-compose*.yaml
seed values tests/fixtures/secrets/secret--template-values.env assets/demo/secret--template-values.env
seed template tests/fixtures/secrets/secret--template.env assets/demo/secret--template.env
seed env tests/fixtures/secrets/expected/*.env tests/fixtures/compose/template/local.env
seed junit tests/fixtures/parse/junit/*
seed alembic tests/fixtures/parse/alembic/*
seed sphinx tests/fixtures/parse/sphinx/*
seed locust tests/fixtures/parse/locust/*
# The merge target splits its input at `---` lines into files.
mkdir -p fuzz/corpus/compose_merge
merge_seed=fuzz/corpus/compose_merge/seed-template
if [ ! -f "$merge_seed" ]; then
  { cat tests/fixtures/compose/template/docker-compose.yaml
    printf '\n---\n'
    cat tests/fixtures/compose/template/docker-compose.integration.yaml; } >"$merge_seed"
fi

cd fuzz
cargo fuzz build
mkdir -p artifacts
: >artifacts/results.txt
status=0
for target in "${targets[@]}"; do
  log="artifacts/$target.log"
  if cargo fuzz run "$target" -- -max_total_time="$seconds" -timeout=10 2>"$log"; then
    outcome=ok
  else
    outcome="FAILED (see fuzz/$log and fuzz/artifacts/$target/)"
    status=1
  fi
  # libFuzzer's own count and time, without the build.
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log")
  echo "$target: ${runs:-? runs}, $outcome" | tee -a artifacts/results.txt
done
exit "$status"
