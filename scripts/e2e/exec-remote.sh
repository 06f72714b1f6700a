#!/usr/bin/env bash
# `runcli exec` against engines that are not the local socket: a private
# dockerd serving TLS on 127.0.0.1 (throwaway certificates) and a private
# sshd in front of it, as scripts/e2e/engine-endpoints.sh sets them up. On
# each, a busybox container labelled as service `web` of a project must
# answer `exec web -- cat /etc/hostname` with its hostname, pass `exit 7`
# through, carry a megabyte of random bytes through stdin and stdout
# unchanged, and give a TTY when stdin is a terminal. The machine's own
# engine is neither used nor touched.
#
# Usage (from anywhere): scripts/e2e/exec-remote.sh [path/to/runcli]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
[ -x "$bin" ] || { echo "FAIL: no runcli binary at $bin (cargo build --locked)" >&2; exit 1; }

# shellcheck source=scripts/lib/endpoints.sh
source scripts/lib/endpoints.sh
ensure_endpoint_tools

# The machine's engine keeps its default bridge through this run.
had_docker0=""
ip link show docker0 >/dev/null 2>&1 && had_docker0=yes

# A short folder: the engine's unix sockets must stay under 108 bytes.
work=$(mktemp -d /tmp/rcli-ex.XXXXXX)
cleanup() {
  stop_private_sshd
  stop_private_engine "$work/engine"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_TLS SSH_AUTH_SOCK
export DOCKER_CONFIG=$work/docker-config
mkdir -p "$DOCKER_CONFIG"

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

certs=$work/certs
make_ca "$certs" "runcli exec e2e CA"
make_cert "$certs" "$certs/server-key.pem" "$certs/server-cert.pem" localhost \
  "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
make_cert "$certs" "$certs/key.pem" "$certs/cert.pem" runcli-e2e-client "extendedKeyUsage=clientAuth"
start_private_engine "$work/engine" "$certs"
tls_host=tcp://127.0.0.1:$PRIVATE_ENGINE_PORT
private() { docker -H "unix://$work/engine/docker.sock" "$@"; }

# The private engine has no bridge, so no RUN steps: busybox under the
# applet names the checks use, and a container without a network.
image=$work/image
mkdir -p "$image"
cp /bin/busybox "$image/busybox"
printf 'FROM scratch\nCOPY busybox /bin/sh\nCOPY busybox /bin/cat\nCOPY busybox /bin/sleep\nENV PATH=/bin\n' \
  >"$image/Dockerfile"
private build -q -t rt-exec-remote:latest "$image" >/dev/null
project=rt-exec-remote-$$
id=$(private run -d --network none --name "$project-web-1" \
  --label com.docker.compose.project="$project" --label com.docker.compose.service=web \
  --label com.docker.compose.container-number=1 --label com.docker.compose.oneoff=False \
  rt-exec-remote:latest sleep 600)
hostname=$(private inspect --format '{{.Config.Hostname}}' "$id")
dir=$work/project
mkdir -p "$dir"
printf '[project]\nname = "%s"\n\n[compose]\nfiles = ["docker-compose.yaml"]\n' "$project" >"$dir/runcli.toml"
printf 'services:\n  web:\n    image: rt-exec-remote:latest\n    command: ["sleep", "600"]\n' \
  >"$dir/docker-compose.yaml"
head -c 1048576 /dev/urandom >"$work/payload"
ok "private dockerd with TLS on $tls_host, container $project-web-1 (hostname $hostname)"

# checks NAME VAR=VALUE...: the exec checks with these variables.
checks() {
  local name=$1 out rc
  shift
  out=$(env "$@" "$bin" --project "$dir" exec web -- cat /etc/hostname </dev/null) ||
    fail "$name: exec cat /etc/hostname exited $?"
  [ "$out" = "$hostname" ] || fail "$name: printed '$out', the container's hostname is '$hostname'"
  set +e
  env "$@" "$bin" --project "$dir" exec web -- sh -c 'exit 7' </dev/null
  rc=$?
  set -e
  [ "$rc" = 7 ] || fail "$name: exit 7 came back as $rc"
  env "$@" "$bin" --project "$dir" exec web -- cat <"$work/payload" >"$work/echoed"
  cmp -s "$work/payload" "$work/echoed" || fail "$name: the bytes came back changed"
  out=$(env "$@" script -qec "$bin --project $dir exec web -- sh -c 'test -t 0 && echo tty-yes'" /dev/null </dev/null)
  grep -q tty-yes <<<"$out" || fail "$name: no TTY with a terminal on stdin: $out"
  ok "$name: hostname, exit 7, 1 MiB of random bytes unchanged, a TTY from a terminal"
}

checks TLS DOCKER_HOST="$tls_host" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$certs"

sshdir=$work/ssh
mkdir -p "$sshdir"
chmod 700 "$sshdir"
ssh-keygen -q -t ed25519 -N '' -C runcli-e2e-client -f "$sshdir/client_key"
echo "restrict $(cat "$sshdir/client_key.pub")" >"$sshdir/authorized_keys"
start_private_sshd "$sshdir" "$sshdir/authorized_keys" DOCKER_HOST
sport=$PRIVATE_SSHD_PORT
hostkey=$(cut -d' ' -f1,2 "$sshdir/host_key.pub")
printf '[127.0.0.1]:%s %s\n' "$sport" "$hostkey" >"$sshdir/known_hosts"
cat >"$sshdir/config" <<CONFIG
Host *
  IdentityFile $sshdir/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $sshdir/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  SetEnv DOCKER_HOST=unix://$work/engine/docker.sock
CONFIG
# ssh reads ~/.ssh/config from the passwd entry's home; a wrapper first in
# PATH hands it this config instead.
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec %s -F %s "$@"\n' "$(command -v ssh)" "$sshdir/config" >"$work/bin/ssh"
chmod +x "$work/bin/ssh"

checks ssh PATH="$work/bin:$PATH" DOCKER_HOST="ssh://root@127.0.0.1:$sport"

stop_private_engine "$work/engine"
if [ -n "$had_docker0" ] && ! ip link show docker0 >/dev/null 2>&1; then
  fail "the private engine removed the host's docker0 bridge"
fi
echo "ok: runcli exec over TLS and ssh"
