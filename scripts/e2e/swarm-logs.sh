#!/usr/bin/env bash
# Logs across nodes: on a two-node swarm (scripts/lib/swarm.sh, "cluster"),
# runcli deploys a busybox service with two replicas spread over the nodes,
# the tasks land one per node, and `runcli logs --env` and the console's
# Logs pane show lines from both nodes, each prefixed SERVICE.SLOT@NODE.
# The nodes of this swarm share the machine's hostname, so their labels
# carry the node id too (HOST~ID6), which the checks compare with the ids
# the manager reports. The machine's engine only builds and pushes the
# project's image, which is removed at the end with the nodes.
#
# Usage (from anywhere): scripts/e2e/swarm-logs.sh [RUNCLI]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")

# shellcheck source=scripts/lib/swarm.sh
source scripts/lib/swarm.sh
# shellcheck source=scripts/lib/busybox-project.sh
source scripts/lib/busybox-project.sh
# shellcheck source=scripts/lib/tmux.sh
source scripts/lib/tmux.sh
trap 'exit 130' INT
trap 'exit 143' TERM

ok() { echo "ok: $*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

swarm_setup cluster
name="rswlogs$$"
stack="logs$$"
dir=$(mktemp -d /tmp/rswlogs.XXXXXX)
cleanup() {
  tmux_stop
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -F "$name" |
    xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$dir"
  swarm_teardown
}
trap cleanup EXIT

busybox_project "$dir" "$name" '  app:
    build: .
    command: ["sh", "-c", "echo started; while :; do echo tick; sleep 1; done"]
    deploy:
      replicas: 2
      placement:
        preferences:
          - spread: node.id' '"app"'
cat >>"$dir/runcli.toml" <<TOML

[environments.cluster]
engine = "$RUNCLI_SWARM_CLUSTER"
stack = "$stack"
registry = "$RUNCLI_REGISTRY"

[environments.gone]
engine = "tcp://127.0.0.1:1"
stack = "$stack"
registry = "$RUNCLI_REGISTRY"
TOML
rc() { commit_all "$dir"; "$bin" --project "$dir" "$@"; }

rc deploy cluster --version 1.0.0 --timeout 180 >"$dir/deploy.out" 2>&1 ||
  { cat "$dir/deploy.out" >&2; fail "runcli deploy cluster"; }
ok "runcli deployed ${stack}_app with two replicas"

C=$RUNCLI_SWARM_CLUSTER
# One task per node: the running tasks' node ids, as the manager has them.
task_nodes=$(docker -H "$C" service ps -q --no-trunc --filter desired-state=running "${stack}_app" |
  xargs docker -H "$C" inspect --format '{{.NodeID}}' | sort)
[ "$(wc -l <<<"$task_nodes")" = 2 ] || fail "expected two running tasks, got: $task_nodes"
[ "$(sort -u <<<"$task_nodes" | wc -l)" = 2 ] || fail "both tasks landed on one node: $task_nodes"
all_nodes=$(docker -H "$C" node ls -q | xargs docker -H "$C" node inspect --format '{{.ID}}' | sort)
[ "$task_nodes" = "$all_nodes" ] || fail "tasks on $task_nodes, nodes are $all_nodes"
running=$(rc status cluster --json | grep -o '"state":"running"' | wc -l)
[ "$running" = 2 ] || fail "runcli status reports $running running tasks"
ok "one task on each node"

# The labels a line may carry: app.SLOT@HOST~ID6 for each node.
expect_both_nodes() {
  local out=$1 id
  for id in $task_nodes; do
    grep -Eq "^app\.[12]@[^ ]+~${id:0:6} +\| (started|tick)$" "$out" ||
      { cat "$out" >&2; fail "no line from node ${id:0:6} in $out"; }
  done
}

# Both tasks wrote a line or two by now.
sleep 2
rc logs --env cluster app >"$dir/logs.out" 2>"$dir/logs.err" ||
  { cat "$dir/logs.err" >&2; fail "runcli logs --env cluster app"; }
expect_both_nodes "$dir/logs.out"
ok "runcli logs --env shows lines from both nodes: $(cut -d' ' -f1 "$dir/logs.out" | sort -u | tr '\n' ' ')"

rc logs --env cluster --json --tail 1 >"$dir/logs.json"
[ "$(wc -l <"$dir/logs.json")" = 2 ] || { cat "$dir/logs.json" >&2; fail "--tail 1 over two tasks"; }
for id in $task_nodes; do
  grep -q "\"service\":\"app\".*\"slot\":[12],\"node\":\"[^\"]*~${id:0:6}\"" "$dir/logs.json" ||
    { cat "$dir/logs.json" >&2; fail "no JSON record from node ${id:0:6}"; }
done
ok "--json records carry slot and node; --tail counts per task"

set +e
timeout 6 "$bin" --project "$dir" logs --env cluster --follow --tail 0 app >"$dir/follow.out" 2>&1
code=$?
set -e
[ "$code" = 124 ] || { cat "$dir/follow.out" >&2; fail "--follow ended by itself ($code)"; }
grep -v started "$dir/follow.out" >"$dir/follow.ticks" || true
expect_both_nodes "$dir/follow.ticks"
ok "--follow streams new lines from both nodes"

expect_exit() {
  local want=$1 pattern=$2 code
  shift 2
  set +e
  rc "$@" >"$dir/err.out" 2>&1
  code=$?
  set -e
  [ "$code" = "$want" ] || { cat "$dir/err.out" >&2; fail "runcli $* exited $code, not $want"; }
  grep -Eq "$pattern" "$dir/err.out" || { cat "$dir/err.out" >&2; fail "runcli $*: no /$pattern/"; }
}
expect_exit 2 'known: app' logs --env cluster nosuch
expect_exit 2 'known: cluster, gone' logs --env nosuch
expect_exit 3 '.' logs --env gone
ok "unknown service or environment exit 2 naming the known ones; an unreachable engine exits 3"

# The console: the Logs pane's `r` turns from the local containers to the
# environment's services; the app row's log shows both nodes' tasks.
if ! command -v tmux >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
fi
tmux_start swarmlogs
tmux_type "$bin --project $dir" Enter
tmux_wait_for 'Server' 15
tmux_type l
tmux_wait_for ' Containers ' 5
tmux_type r
tmux_wait_for ' cluster \(r: next\) ' 10
tmux_wait_for 'app 2/2 tasks' 20
tmux_wait_for 'cluster: app' 5
for id in $task_nodes; do
  tmux_wait_for "app\.[12]@[^ ]+~${id:0:6} \| tick" 20
done
tmux_save swarm-logs-both-nodes
ok "the console's Logs pane shows the app service's lines from both nodes"

# The panel's filter works on the prefix: one node's lines only.
first=$(head -n 1 <<<"$task_nodes")
second=$(tail -n 1 <<<"$task_nodes")
tmux_type f
tmux_type -l "~${first:0:6} "
tmux_type Enter
tmux_wait_gone "~${second:0:6} \| tick" 10
tmux_wait_for "~${first:0:6} \| tick" 10
tmux_save swarm-logs-filtered
ok "filtering the panel by a node's label keeps only that node's lines"

# Esc clears the filter's focus; r goes on to the unreachable environment,
# which says why it has no rows, then back to the local containers.
tmux_type Escape
tmux_type r
tmux_wait_for ' gone \(r: next\) ' 10
tmux_wait_for 'gone:' 5
tmux_wait_for 'gone: cannot reach' 20
tmux_type r
tmux_wait_for ' Containers ' 10
tmux_type q
tmux_wait_for '^READY\$ *$' 10
ok "r cycles local, cluster, gone and back; an unreachable engine is named"

# A task that appears while following (Swarm scales the service to three)
# is picked up from its first line.
timeout 20 "$bin" --project "$dir" logs --env cluster --follow --tail 0 app >"$dir/scaled.out" 2>&1 &
follower=$!
sleep 3
docker -H "$C" service scale -d "${stack}_app=3" >/dev/null
wait "$follower" || true
grep -Eq '^app\.3@[^ ]+ +\| started$' "$dir/scaled.out" ||
  { cat "$dir/scaled.out" >&2; fail "the third task's first line did not reach a running --follow"; }
ok "--follow picks up a task Swarm starts meanwhile, from its first line"

echo "swarm logs: all checks passed"
