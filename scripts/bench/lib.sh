# Shared helpers of the benchmark scripts; sourced, not run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# Runs a harness=false benchmark binary (fixture, ingest) with arguments.
bench_bin() {
    local name=$1
    shift
    (cd "$ROOT" && cargo bench -q --bench "$name" -- "$@")
}

# The value of KEY in a `RESULT ... KEY=VALUE ...` line on stdin.
field() {
    sed -n "s/.*[ ]$1=\\(\"[^\"]*\"\\|[^ ]*\\).*/\\1/p" | tr -d '"' | head -1
}

# CPU seconds (user + system) of process PID from /proc/PID/stat.
cpu_of() {
    local ticks
    ticks=$(getconf CLK_TCK)
    # Fields after the ")" that closes the command name: utime is 12th, stime 13th.
    sed 's/.*) //' "/proc/$1/stat" | awk -v t="$ticks" '{ printf "%.2f", ($12 + $13) / t }'
}

# A folder whose name is a valid compose project name, with an empty runcli.toml.
temp_project() {
    local dir
    dir=$(mktemp -d "${TMPDIR:-/tmp}/runcli-bench-XXXXXX")
    local lower
    lower="$(dirname "$dir")/$(basename "$dir" | tr 'A-Z' 'a-z')"
    if [ "$lower" != "$dir" ]; then
        mv "$dir" "$lower"
        dir=$lower
    fi
    : >"$dir/runcli.toml"
    echo "$dir"
}

# "syscr syscw wchar" of process PID from /proc/PID/io (all its threads).
io_of() {
    awk '/^syscr:/ { r = $2 } /^syscw:/ { w = $2 } /^wchar:/ { c = $2 } END { print r, w, c }' "/proc/$1/io"
}
