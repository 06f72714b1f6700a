# shellcheck shell=bash
# Helpers for the Swarm tests: a local registry and Swarm nodes, each node a
# private dockerd in a network namespace of its own. Sourced, not run.
#
# Why namespaces: the machine's engine runs with --live-restore (the
# engine-restart test needs it) and dockerd refuses swarm mode with live
# restore, and that engine is shared, so it is never reconfigured or
# restarted. Each node gets its own data root, exec root, pidfile, unix
# socket and TCP API on its namespace address; inside its namespace a
# dockerd may write iptables rules and make its own docker0 without touching
# the machine's.
#
# Addressing: every namespace (and the host) reaches the registry as
# 127.0.0.1:PORT through a socat forwarder to the registry on the bridge
# address. Loopback registries are insecure-by-default for dockerd, so the
# machine's engine (which builds and pushes) and every node (which pulls)
# use one and the same image reference without --insecure-registry.
#
# Use: swarm_setup [staging] [production] [cluster]; swarm_teardown (also
# run by the EXIT trap swarm_setup installs). swarm_setup exports
#   RUNCLI_REGISTRY=127.0.0.1:PORT
#   RUNCLI_SWARM_STAGING=tcp://IP:2375        (single-node swarm)
#   RUNCLI_SWARM_PRODUCTION=tcp://IP:2375     (single-node swarm)
#   RUNCLI_SWARM_CLUSTER=tcp://IP:2375        (manager; a worker is joined)
#   RUNCLI_SWARM_CLUSTER_WORKER=tcp://IP:2375
# and the node address of each as RUNCLI_SWARM_<NAME>_IP.

# shellcheck source=scripts/lib/install.sh
source "$(dirname "${BASH_SOURCE[0]}")/install.sh"

SWARM_DIR=""
SWARM_NET=""
SWARM_BRIDGE=""
SWARM_PIDS=()
SWARM_NODES=()

# Installs dockerd, docker-registry, socat, iproute2, iptables, curl and
# openssl (a TLS terminator's throwaway certificates) when
# missing (root on Debian); otherwise says what is missing.
ensure_swarm_tools() {
  local missing=()
  { command -v dockerd && command -v docker; } >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  install_missing "${missing[@]}"
}

# swarm_bridge: a host bridge on a private /24 whose third octet comes from
# this shell's pid, so two runs side by side do not share addresses.
swarm_bridge() {
  SWARM_NET="10.203.$(($$ % 250 + 1))"
  SWARM_BRIDGE="rsw$$"
  ip link add "$SWARM_BRIDGE" type bridge
  ip addr add "$SWARM_NET.1/24" dev "$SWARM_BRIDGE"
  ip link set "$SWARM_BRIDGE" up
  # The machine's engine sets the FORWARD policy to DROP, and bridged frames
  # pass through iptables (br_netfilter), so node-to-node traffic on this
  # bridge needs a rule of its own; swarm_teardown deletes it.
  iptables -I FORWARD 1 -i "$SWARM_BRIDGE" -o "$SWARM_BRIDGE" -j ACCEPT
}

# free_port: a TCP port nothing listens on at 127.0.0.1.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
}

# swarm_background CMD...: starts CMD in the background and remembers its pid
# for swarm_teardown.
swarm_background() {
  "$@" </dev/null &
  SWARM_PIDS+=($!)
}

# start_registry: Debian's docker-registry as a plain process on the bridge
# address, storage in the work folder, and a loopback forwarder on the host.
start_registry() {
  local port i
  port=$(free_port)
  mkdir -p "$SWARM_DIR/registry/data"
  cat >"$SWARM_DIR/registry/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $SWARM_DIR/registry/data
  delete:
    enabled: true
http:
  addr: $SWARM_NET.1:$port
EOF
  swarm_background docker-registry serve "$SWARM_DIR/registry/config.yml" \
    >"$SWARM_DIR/registry/registry.log" 2>&1
  swarm_background socat "TCP-LISTEN:$port,fork,reuseaddr,bind=127.0.0.1" "TCP:$SWARM_NET.1:$port" \
    2>"$SWARM_DIR/registry/forwarder.log"
  export RUNCLI_REGISTRY="127.0.0.1:$port"
  for ((i = 0; i < 100; i++)); do
    curl -fsS "http://$RUNCLI_REGISTRY/v2/" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "FAIL: the registry did not answer at $RUNCLI_REGISTRY; its log:" >&2
  tail -n 20 "$SWARM_DIR/registry/registry.log" >&2
  return 1
}

# start_node NAME INDEX: a network namespace joined to the bridge with the
# address NET.(10+INDEX), a registry forwarder in it, and a dockerd in it.
# Sets NODE_IP and NODE_HOST (tcp://IP:2375).
start_node() {
  local name=$1 index=$2 ns="rsw$$-$1" dir="$SWARM_DIR/$1" veth="rsw$$v$2" i
  NODE_IP="$SWARM_NET.$((10 + index))"
  NODE_HOST="tcp://$NODE_IP:2375"
  mkdir -p "$dir/data" "$dir/exec"
  ip netns add "$ns"
  SWARM_NODES+=("$ns")
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$SWARM_BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$NODE_IP/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$SWARM_NET.1"
  swarm_background ip netns exec "$ns" socat \
    "TCP-LISTEN:${RUNCLI_REGISTRY##*:},fork,reuseaddr,bind=127.0.0.1" "TCP:$SWARM_NET.1:${RUNCLI_REGISTRY##*:}" \
    2>"$dir/forwarder.log"
  echo '{}' >"$dir/daemon.json"
  : >"$dir/dockerd.log"
  # The TCP API is plain: it listens only on the namespace's address of a
  # bridge that exists for this run. nsenter, not ip netns exec: the latter
  # mounts a fresh /sys, which hides the cgroup mounts dockerd needs.
  swarm_background nsenter --net="/run/netns/$ns" dockerd --config-file "$dir/daemon.json" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    -H "unix://$dir/docker.sock" -H "$NODE_HOST" >"$dir/dockerd.log" 2>&1
  for ((i = 0; i < 600; i++)); do
    if docker -H "$NODE_HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "FAIL: the dockerd of node $name did not answer within 60 s; its log:" >&2
  tail -n 30 "$dir/dockerd.log" >&2
  return 1
}

# swarm_init HOST IP: makes the node a single-node swarm manager. Overlay
# subnets come from a pool apart from the bridge's.
swarm_init() {
  docker -H "$1" swarm init --advertise-addr "$2" --listen-addr "$2:2377" \
    --default-addr-pool "10.204.0.0/16" >/dev/null
}

# swarm_join MANAGER_HOST MANAGER_IP WORKER_HOST WORKER_IP: joins the worker.
swarm_join() {
  local token
  token=$(docker -H "$1" swarm join-token -q worker)
  docker -H "$3" swarm join --token "$token" --advertise-addr "$4" --listen-addr "$4:2377" "$2:2377" >/dev/null
}

# swarm_setup [staging] [production] [cluster]: the registry and the asked
# swarms (default: staging only). Idempotent: a second call in the same shell
# returns at once.
swarm_setup() {
  local want=("$@") w
  [ -n "$SWARM_DIR" ] && return 0
  [ ${#want[@]} -gt 0 ] || want=(staging)
  ensure_swarm_tools
  SWARM_DIR=$(mktemp -d /tmp/rsw.XXXXXX)
  trap swarm_teardown EXIT
  swarm_bridge
  start_registry
  local index=1
  for w in "${want[@]}"; do
    case $w in
    staging | production)
      start_node "$w" "$index"
      index=$((index + 1))
      swarm_init "$NODE_HOST" "$NODE_IP"
      local var="RUNCLI_SWARM_${w^^}"
      export "$var=$NODE_HOST" "${var}_IP=$NODE_IP"
      ;;
    cluster)
      start_node cluster "$index"
      index=$((index + 1))
      swarm_init "$NODE_HOST" "$NODE_IP"
      export RUNCLI_SWARM_CLUSTER="$NODE_HOST" RUNCLI_SWARM_CLUSTER_IP="$NODE_IP"
      start_node worker "$index"
      index=$((index + 1))
      swarm_join "$RUNCLI_SWARM_CLUSTER" "$RUNCLI_SWARM_CLUSTER_IP" "$NODE_HOST" "$NODE_IP"
      export RUNCLI_SWARM_CLUSTER_WORKER="$NODE_HOST" RUNCLI_SWARM_CLUSTER_WORKER_IP="$NODE_IP"
      ;;
    *)
      echo "swarm_setup: unknown swarm $w" >&2
      return 2
      ;;
    esac
  done
}

# swarm_teardown: stops every process swarm_setup started (dockerds first, so
# their containers stop with them), deletes the namespaces and the bridge,
# unmounts what the nodes left and removes the work folder. Safe to call
# twice.
swarm_teardown() {
  local pid i ns
  [ -n "$SWARM_DIR" ] || return 0
  for pid in "${SWARM_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SWARM_PIDS[@]}"; do
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SWARM_PIDS=()
  # Whatever still runs in a node's namespace (a shim left by a dockerd that
  # was killed hard) belongs to this run.
  for ns in "${SWARM_NODES[@]}"; do
    ip netns pids "$ns" 2>/dev/null | while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  SWARM_NODES=()
  if [ -n "$SWARM_BRIDGE" ]; then
    iptables -D FORWARD -i "$SWARM_BRIDGE" -o "$SWARM_BRIDGE" -j ACCEPT 2>/dev/null || true
    ip link del "$SWARM_BRIDGE" 2>/dev/null || true
  fi
  SWARM_BRIDGE=""
  awk -v d="$SWARM_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$SWARM_DIR" 2>/dev/null || true
  SWARM_DIR=""
}

# swarm_has_ipvs: true when the kernel has IPVS, which the ingress routing
# mesh and service VIPs need. Without it dockerd logs "Could not get ipvs
# family information" and a port published in ingress mode does not answer;
# ports published in host mode and DNS round robin (endpoint_mode dnsrr)
# still work.
swarm_has_ipvs() {
  [ -e /proc/net/ip_vs ] && return 0
  if [ -r /proc/config.gz ] && zcat /proc/config.gz | grep -q '^CONFIG_IP_VS=[ym]'; then
    return 0
  fi
  return 1
}

# swarm_busybox_image DIR REF VERSION: builds, on the machine's engine, a
# busybox image FROM scratch whose httpd serves /ping as {"version": VERSION}
# on port 8080, tagged REF. Nothing else is needed on the nodes. The image
# has no /tmp; busybox wget crashes with -T, so healthchecks leave it out.
swarm_busybox_image() {
  local dir=$1 ref=$2 version=$3
  mkdir -p "$dir"
  cp /bin/busybox "$dir/busybox"
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
RUN mkdir -p /www && printf '{"version": "%s"}\n' "$version" >/www/ping
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
  docker build -q -t "$ref" "$dir" >/dev/null
}

# swarm_httpd_context DIR: a build context in DIR for a busybox image FROM
# scratch whose httpd serves DIR/www (made empty here) on port 8080, so a
# test writes its /ping and /health files there before each build.
swarm_httpd_context() {
  mkdir -p "$1/www"
  cp /bin/busybox "$1/busybox"
  cat >"$1/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
COPY www /www
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
DOCKERFILE
}

# swarm_relay_env PROJECT ENV ENGINE STACK SERVICE PORT PUBLISHED: adds to
# the runcli project in PROJECT an environment ENV that deploys, into
# STACK on ENGINE, a busybox nc relay publishing PUBLISHED in host mode and
# forwarding each connection to tasks.SERVICE:PORT. It stands in for the
# ingress routing mesh, which needs IPVS (see swarm_has_ipvs); deployed once
# as an environment of its own (`runcli deploy ENV --version relay`), a
# deploy of the project's services never restarts it.
swarm_relay_env() {
  local dir=$1 env=$2 engine=$3 stack=$4 service=$5 port=$6 published=$7
  swarm_httpd_context "$dir/relay"
  cat >"$dir/docker-compose.relay-$env.yaml" <<RELAY
services:
  relay:
    build: ./relay
    command: ["nc", "-ll", "-p", "8080", "-e", "nc", "tasks.$service", "$port"]
    ports:
      - target: 8080
        published: $published
        mode: host
RELAY
  cat >>"$dir/runcli.toml" <<TOML

[environments.$env]
engine = "$engine"
stack = "$stack"
compose_files = ["docker-compose.relay-$env.yaml"]
services = ["relay"]
registry = "$RUNCLI_REGISTRY"
TOML
}

# ping_loop_start URL DIR: requests URL/ping every 20 ms in the background
# until ping_loop_stop DIR, counting answers and failures in DIR (loop.pid,
# loop.err, loop.out); the zero-downtime checks run a deploy in between.
ping_loop_start() {
  local url=$1 dir=$2
  rm -f "$dir/loop.stop"
  (
    okc=0 failc=0
    while [ ! -e "$dir/loop.stop" ]; do
      if curl -fsS -m 2 -o /dev/null "$url/ping" 2>>"$dir/loop.err"; then
        okc=$((okc + 1))
      else
        failc=$((failc + 1))
      fi
      sleep 0.02
    done
    echo "$okc $failc" >"$dir/loop.out"
  ) &
  echo $! >"$dir/loop.pid"
}

# ping_loop_stop DIR: ends the loop and sets PING_OK and PING_FAILED.
ping_loop_stop() {
  local dir=$1
  touch "$dir/loop.stop"
  wait "$(cat "$dir/loop.pid")" || true
  rm -f "$dir/loop.pid"
  read -r PING_OK PING_FAILED <"$dir/loop.out"
}

# commit_all DIR: makes DIR a git repository (once) and commits everything
# in it, since a deploy ships what HEAD holds and refuses a work tree with
# changes not committed.
commit_all() {
  [ -d "$1/.git" ] || git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=runcli-test -c user.email=test@runcli.invalid \
    commit -q --allow-empty -m "as deployed"
}
