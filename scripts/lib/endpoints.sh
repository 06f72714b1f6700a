# shellcheck shell=bash
# Helpers for scripts/e2e/engine-endpoints.sh: throwaway certificates, a
# private TLS dockerd and a private sshd, each confined to one work folder.
# Sourced, not run. Nothing here touches the machine's own engine or sshd.

# shellcheck source=scripts/lib/install.sh
source "$(dirname "${BASH_SOURCE[0]}")/install.sh"
# shellcheck source=scripts/lib/certs.sh
source "$(dirname "${BASH_SOURCE[0]}")/certs.sh"

PRIVATE_DOCKERD_PID=""
PRIVATE_SSHD_PID=""

# Installs openssl, the ssh client and server, tmux and docker.io with apt
# when missing and when we can (root on Debian); otherwise says what is missing.
ensure_endpoint_tools() {
  local missing=()
  { command -v dockerd && command -v docker; } >/dev/null 2>&1 || missing+=(docker.io)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  { command -v ssh && command -v ssh-keygen; } >/dev/null 2>&1 || missing+=(openssh-client)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v tmux >/dev/null 2>&1 || missing+=(tmux)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  install_missing "${missing[@]}"
}

# start_private_engine DIR CERTS: a dockerd with its own data root, exec root,
# pidfile, containerd and unix socket DIR/docker.sock, and TLS on a free port
# of 127.0.0.1 (server cert and key in CERTS/server-*.pem, clients verified
# against CERTS/ca.pem). Its default network sits on a bridge of its own and
# it adds no iptables rules, so the machine's engine and network are left
# alone: a dockerd started with --bridge=none deletes the host's docker0, and
# the machine's engine could then start no container on its default network.
# Sets PRIVATE_ENGINE_PORT.
start_private_engine() {
  local dir=$1 certs=$2 i
  mkdir -p "$dir/data" "$dir/exec"
  PRIVATE_BRIDGE="rcli-br$$"
  ip link add "$PRIVATE_BRIDGE" type bridge
  ip addr add 172.31.254.1/24 dev "$PRIVATE_BRIDGE"
  echo '{}' >"$dir/daemon.json"
  # Created here, not by the background job's redirection, so the polling
  # below can read it at once however late that job gets to run.
  : >"$dir/dockerd.log"
  dockerd --config-file "$dir/daemon.json" \
    --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    -H "unix://$dir/docker.sock" -H tcp://127.0.0.1:0 \
    --tlsverify --tlscacert "$certs/ca.pem" \
    --tlscert "$certs/server-cert.pem" --tlskey "$certs/server-key.pem" \
    --bridge="$PRIVATE_BRIDGE" --iptables=false --ip6tables=false </dev/null >"$dir/dockerd.log" 2>&1 &
  PRIVATE_DOCKERD_PID=$!
  PRIVATE_ENGINE_PORT=""
  for ((i = 0; i < 600; i++)); do
    if ! kill -0 "$PRIVATE_DOCKERD_PID" 2>/dev/null; then
      echo "FAIL: the private dockerd exited; its log:" >&2
      tail -n 30 "$dir/dockerd.log" >&2
      return 1
    fi
    PRIVATE_ENGINE_PORT=$(sed -n 's/.*API listen on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$dir/dockerd.log" | head -n 1)
    if [ -n "$PRIVATE_ENGINE_PORT" ] &&
      docker -H "unix://$dir/docker.sock" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "FAIL: the private dockerd did not answer within 60 s; its log:" >&2
  tail -n 30 "$dir/dockerd.log" >&2
  return 1
}

# stop_private_engine DIR: stops the dockerd (and so its containerd) and
# unmounts whatever it left mounted under DIR.
stop_private_engine() {
  local dir=$1 i
  if [ -n "$PRIVATE_DOCKERD_PID" ]; then
    kill "$PRIVATE_DOCKERD_PID" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      kill -0 "$PRIVATE_DOCKERD_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$PRIVATE_DOCKERD_PID" 2>/dev/null || true
    wait "$PRIVATE_DOCKERD_PID" 2>/dev/null || true
    PRIVATE_DOCKERD_PID=""
  fi
  if [ -n "${PRIVATE_BRIDGE:-}" ]; then
    ip link del "$PRIVATE_BRIDGE" 2>/dev/null || true
    PRIVATE_BRIDGE=""
  fi
  [ -n "$dir" ] || return 0
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# port_taken PORT: true when something listens on 127.0.0.1:PORT.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_private_sshd DIR AUTHORIZED_KEYS ACCEPT_ENV: an sshd on a free port of
# 127.0.0.1 with a throwaway host key, root login by key only, keys from
# AUTHORIZED_KEYS, and the client's ACCEPT_ENV variable passed through. Sets
# PRIVATE_SSHD_PORT and writes DIR/host_key.pub.
start_private_sshd() {
  local dir=$1 keys=$2 accept_env=$3 try i
  mkdir -p "$dir"
  [ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -C runcli-e2e-host -f "$dir/host_key"
  # The privilege separation folder, which the package's service would make.
  mkdir -p /run/sshd
  for try in 1 2 3 4 5; do
    PRIVATE_SSHD_PORT=$((20000 + RANDOM % 40000))
    port_taken "$PRIVATE_SSHD_PORT" && continue
    cat >"$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $PRIVATE_SSHD_PORT
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AcceptEnv $accept_env
EOF
    /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >"$dir/sshd.out" 2>&1 &
    PRIVATE_SSHD_PID=$!
    for ((i = 0; i < 100; i++)); do
      kill -0 "$PRIVATE_SSHD_PID" 2>/dev/null || break
      port_taken "$PRIVATE_SSHD_PORT" && return 0
      sleep 0.1
    done
    echo "sshd on port $PRIVATE_SSHD_PORT did not come up (try $try); its log:" >&2
    tail -n 10 "$dir/sshd.log" "$dir/sshd.out" >&2
    stop_private_sshd
  done
  echo "FAIL: no private sshd could be started" >&2
  return 1
}

stop_private_sshd() {
  [ -n "$PRIVATE_SSHD_PID" ] || return 0
  kill "$PRIVATE_SSHD_PID" 2>/dev/null || true
  wait "$PRIVATE_SSHD_PID" 2>/dev/null || true
  PRIVATE_SSHD_PID=""
}
