#!/usr/bin/env bash
# Benchmark: Ctrl-C in a foreground `runcli server up` (BENCHMARKS.md, the
# headless face). One busybox service prints 500 lines every 100 ms and exits
# 0 on SIGTERM. Each round starts the release `runcli server up chat` (logs
# streamed to a pipe that is read), waits until its log lines flow, waits 1 s
# more, sends SIGINT from outside and measures from just before the signal:
#   (a) until the first "Gracefully stopping" line on stderr,
#   (b) until the first "stopping NAME" step (compose: "Stopping NAME"),
#       printed just before the stop requests go to the engine,
#   (c) until the process has exited (a pidfd: seen when it happens),
#       containers and network removed.
# Then the same with docker-compose 1.29 (`docker-compose up` in the
# foreground on the same file; it stops the container but does not remove
# it, so `down` runs after its round, untimed). The tools alternate; medians
# and the ratio of the exits are printed.
#
#   scripts/bench/ctrl-c.sh                 5 rounds each
#   ROUNDS=3 scripts/bench/ctrl-c.sh
#   BIN=path/to/runcli scripts/bench/ctrl-c.sh   (skips the release build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${ROUNDS:-5}
command -v docker-compose >/dev/null || { echo "docker-compose is needed (apt-get install docker-compose)" >&2; exit 2; }
DIR=$(temp_project)
PROJECT=$(basename "$DIR")

cleanup() {
    "${BIN:-true}" --project "$DIR" server down -t 0 >/dev/null 2>&1 || true
    (cd "$DIR" && docker-compose -p "$PROJECT" down -t 0 >/dev/null 2>&1) || true
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

if [ -z "${BIN:-}" ]; then
    say "building the release binary"
    (cd "$ROOT" && cargo build -q --release --locked)
    BIN="$ROOT/target/release/runcli"
fi
BIN=$(realpath "$BIN")
IMAGE=$(bench_bin fixture image)

# `wait` is interrupted by the TERM trap (a foreground sleep would not be);
# `$$` is compose's escape for `$`.
cat >"$DIR/docker-compose.yaml" <<EOF
services:
  chat:
    image: $IMAGE
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do seq 1 500; sleep 0.1 & wait \$\$!; done"]
EOF
printf '[project]\nname = "%s"\n\n[compose]\nfiles = ["docker-compose.yaml"]\n\n[profiles.chat]\nservices = "all"\n' \
    "$PROJECT" >"$DIR/runcli.toml"

# Runs the command given, waits for its log lines, sends SIGINT and prints
# "STOP_MS STEP_MS EXIT_MS LINES": the stopping line (on STREAM: stderr, or
# any for compose, which prints it on stdout), the first stop step and the
# exit, in ms after the signal, and how many log lines were read before it.
measure() {
    local stream=$1
    shift
    python3 - "$stream" "$DIR" "$@" <<'PY'
import os, select, signal, subprocess, sys, threading, time
stream, cwd, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
fd = os.pidfd_open(p.pid)
flowing = threading.Event()
sent = [None]
stopped = [None]
step = [None]
count = [0]
tail = []
def read(pipe, name):
    for raw in pipe:
        if not flowing.is_set():
            tail[:] = (tail + [name.encode() + b": " + raw.rstrip()])[-10:]
        if b"Gracefully stopping" in raw and sent[0] is not None and stopped[0] is None \
                and (stream == "any" or name == stream):
            stopped[0] = time.monotonic()
        if raw.lower().startswith(b"stopping ") and sent[0] is not None and step[0] is None:
            step[0] = time.monotonic()
        if b"| " in raw:
            count[0] += 1
            if count[0] > 2000:
                flowing.set()
threads = [threading.Thread(target=read, args=(p.stdout, "stdout"), daemon=True),
           threading.Thread(target=read, args=(p.stderr, "stderr"), daemon=True)]
for t in threads:
    t.start()
if not flowing.wait(120):
    p.kill()
    sys.exit(f"{cmd[0]}: no log lines flowed within 120 s; its last lines:\n"
             + "\n".join(t.decode(errors="replace") for t in tail))
time.sleep(1)
lines = count[0]
sent[0] = time.monotonic()
os.kill(p.pid, signal.SIGINT)
poll = select.poll()
poll.register(fd, select.POLLIN)
if not poll.poll(60_000):
    p.kill()
    sys.exit("still running 60 s after SIGINT")
exited = time.monotonic()
for t in threads:
    t.join(5)
ms = lambda t: "NA" if t is None else f"{(t - sent[0]) * 1000:.0f}"
print(ms(stopped[0]), ms(step[0]), ms(exited), lines)
PY
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

say "machine"
echo "nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) $(docker-compose version --short 2>/dev/null)"

rs=(); rt=(); re=(); cs=(); ct=(); ce=()
for i in $(seq 1 "$ROUNDS"); do
    read -r s t e n < <(measure stderr "$BIN" --project "$DIR" server up chat)
    "$BIN" --project "$DIR" server list | grep -q "no containers of project" \
        || { echo "runcli left containers behind" >&2; exit 1; }
    rs+=("$s"); rt+=("$t"); re+=("$e")
    read -r s2 t2 e2 n2 < <(measure any docker-compose -p "$PROJECT" up --no-color)
    (cd "$DIR" && docker-compose -p "$PROJECT" down >/dev/null 2>&1)
    cs+=("$s2"); ct+=("$t2"); ce+=("$e2")
    echo "round $i: runcli stopping line ${s} ms, stop step ${t} ms, exit ${e} ms ($n lines read);" \
        "docker-compose ${s2} / ${t2} / ${e2} ms ($n2 lines read)"
done
mrs=$(median "${rs[@]}"); mrt=$(median "${rt[@]}"); mre=$(median "${re[@]}")
mcs=$(median "${cs[@]}"); mct=$(median "${ct[@]}"); mce=$(median "${ce[@]}")
echo "RESULT ctrl_c rounds=$ROUNDS runcli_stopping_ms=$mrs runcli_step_ms=$mrt runcli_exit_ms=$mre" \
    "compose_stopping_ms=$mcs compose_step_ms=$mct compose_exit_ms=$mce" \
    "exit_ratio=$(awk -v a="$mre" -v b="$mce" 'BEGIN { printf "%.2f", a / b }')" \
    "runcli_all=\"${rs[*]} / ${rt[*]} / ${re[*]}\" compose_all=\"${cs[*]} / ${ct[*]} / ${ce[*]}\""
