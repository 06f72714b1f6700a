#!/usr/bin/env bash
# runcli against engines that are not the local socket, for real: a private
# dockerd serving TLS on 127.0.0.1 (throwaway CA, server and client
# certificates) and a private sshd in front of it. Asserts that `runcli
# doctor` connects with DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH,
# through a docker context the docker CLI made, and over
# ssh://user@host:port; that a wrong CA, an untrusted client certificate, a
# plain request to the TLS port and a refused ssh key fail with exit 3 and
# say why; and that the console's header marks the engine REMOTE. The
# machine's own engine is neither used nor touched.
#
# Usage (from anywhere): scripts/e2e/engine-endpoints.sh [path/to/runcli]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:-target/debug/runcli}")
[ -x "$bin" ] || { echo "FAIL: no runcli binary at $bin (cargo build --locked)" >&2; exit 1; }
started=$SECONDS

# shellcheck source=scripts/lib/endpoints.sh
source scripts/lib/endpoints.sh
# shellcheck source=scripts/lib/tmux.sh
source scripts/lib/tmux.sh

ensure_endpoint_tools

# The machine's engine keeps its default bridge through this run: the private
# engine must not take it away (see start_private_engine).
had_docker0=""
ip link show docker0 >/dev/null 2>&1 && had_docker0=yes

# A short folder: the engine's unix sockets must stay under 108 bytes.
work=$(mktemp -d /tmp/rcli-ep.XXXXXX)
cleanup() {
  tmux_stop
  stop_private_sshd
  stop_private_engine "$work/engine"
  rm -rf "$work"
}
trap cleanup EXIT
# An interrupted run exits, so the EXIT trap stops the private daemons too.
trap 'exit 130' INT
trap 'exit 143' TERM

# Nothing of the caller's docker or ssh setup may leak into the assertions.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_TLS SSH_AUTH_SOCK
export DOCKER_CONFIG=$work/docker-config
mkdir -p "$DOCKER_CONFIG"

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
show() {
  echo "--- stdout" >&2; cat "$work/out" >&2
  echo "--- stderr" >&2; cat "$work/err" >&2
}

# quietly CMD...: runs CMD, showing its output only when it fails.
quietly() {
  local out
  out=$("$@" 2>&1) || { echo "$out" >&2; fail "$*"; }
}

# doctor VAR=VALUE...: `runcli doctor` on the demo with these variables; sets
# rc and leaves the output in $work/out and $work/err.
doctor() {
  set +e
  env "$@" "$bin" --project assets/demo doctor >"$work/out" 2>"$work/err"
  rc=$?
  set -e
}

# expect CODE WHAT TEXT...: the last doctor exited CODE and printed each TEXT.
expect() {
  local code=$1 what=$2 text
  shift 2
  [ "$rc" = "$code" ] || { show; fail "$what: exit $rc, expected $code"; }
  for text in "$@"; do
    cat "$work/out" "$work/err" | grep -qF -- "$text" || { show; fail "$what: no \"$text\" in the output"; }
  done
}

# console_shows_remote NAME ENDPOINT_REGEX VAR=VALUE...: opens the console on
# the demo with these variables, waits for the header to show the engine
# version marked REMOTE with the endpoint, and quits with q.
console_shows_remote() {
  local name=$1 endpoint=$2
  shift 2
  tmux_start "$name"
  tmux_type "env $* RUNCLI_LOG_FILE=$work/$name.log $bin --project assets/demo" Enter
  tmux_wait_for "engine $(regex_quote "$version") REMOTE $endpoint" 20
  tmux_save "endpoints-$name"
  tmux_type q
  tmux_wait_for '^READY\$ *$' 10
  tmux_stop
}

# --- certificates ----------------------------------------------------------
certs=$work/certs
make_ca "$certs" "runcli e2e CA"
make_cert "$certs" "$certs/server-key.pem" "$certs/server-cert.pem" localhost \
  "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
make_cert "$certs" "$certs/key.pem" "$certs/cert.pem" runcli-e2e-client "extendedKeyUsage=clientAuth"
# The right client certificate, but a CA that never signed the engine's.
wrong=$work/wrong-ca
make_ca "$wrong" "some other CA"
cp "$certs/cert.pem" "$certs/key.pem" "$wrong/"
# The right CA, but a client certificate the engine never issued.
stranger=$work/stranger
mkdir -p "$stranger"
cp "$certs/ca.pem" "$stranger/"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=stranger \
  -keyout "$stranger/key.pem" -out "$stranger/cert.pem" 2>/dev/null
ok "throwaway CA, engine certificate (IP:127.0.0.1, DNS:localhost), client certificates"

# --- the private engine ----------------------------------------------------
start_private_engine "$work/engine" "$certs"
host=tcp://127.0.0.1:$PRIVATE_ENGINE_PORT
version=$(docker -H "unix://$work/engine/docker.sock" version --format '{{.Server.Version}}')
ok "private dockerd $version with TLS on $host (own data root, exec root, containerd, socket)"
cli_version=$(docker -H "$host" --tlsverify --tlscacert "$certs/ca.pem" \
  --tlscert "$certs/cert.pem" --tlskey "$certs/key.pem" version --format '{{.Server.Version}}')
[ "$cli_version" = "$version" ] || fail "the docker CLI did not reach $host over TLS"
ok "the docker CLI reaches it over TLS with the same certificates"

# --- TLS from the environment ----------------------------------------------
doctor DOCKER_HOST="$host" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$certs"
expect 0 "TLS from the environment" "engine    $host (from DOCKER_HOST): Docker $version" REMOTE "all is well"
ok "DOCKER_HOST + DOCKER_TLS_VERIFY=1 + DOCKER_CERT_PATH: doctor exits 0, shows Docker $version, REMOTE"

doctor DOCKER_HOST="$host" DOCKER_TLS_VERIFY=1 DOCKER_CONFIG="$certs"
expect 0 "TLS with the certificates in DOCKER_CONFIG" "engine    $host (from DOCKER_HOST): Docker $version"
ok "without DOCKER_CERT_PATH the certificates come from the docker config folder, as for the docker CLI"

doctor DOCKER_HOST="$host" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$wrong"
expect 3 "a CA that did not sign the engine's certificate" \
  "TLS with the Docker engine at $host (from DOCKER_HOST) failed" UnknownIssuer "$wrong/ca.pem"
ok "wrong CA: exit 3, names the endpoint, the unknown issuer and $wrong/ca.pem"

doctor DOCKER_HOST="$host" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$stranger"
expect 3 "a client certificate the engine does not trust" \
  "TLS with the Docker engine at $host (from DOCKER_HOST) failed" "$stranger/cert.pem"
ok "client certificate the engine refuses: exit 3, names the endpoint and $stranger/cert.pem"

# The docker CLI turns TLS on only with DOCKER_TLS_VERIFY (any non-empty
# value); DOCKER_CERT_PATH alone leaves it off. runcli does the same.
doctor DOCKER_HOST="$host" DOCKER_CERT_PATH="$certs"
expect 3 "DOCKER_CERT_PATH without DOCKER_TLS_VERIFY" \
  "TLS with the Docker engine at $host (from DOCKER_HOST) failed" \
  "the engine expects TLS but runcli spoke plain HTTP" DOCKER_TLS_VERIFY=1
set +e
cli=$(DOCKER_HOST="$host" DOCKER_CERT_PATH="$certs" docker version --format '{{.Server.Version}}' 2>&1)
cli_rc=$?
set -e
if [ "$cli_rc" = 0 ] || ! grep -q "HTTP request to an HTTPS server" <<<"$cli"; then
  fail "the docker CLI was expected to speak plain HTTP without DOCKER_TLS_VERIFY; it said: $cli"
fi
ok "DOCKER_CERT_PATH without DOCKER_TLS_VERIFY is plain HTTP for runcli as for the docker CLI: exit 3, says to set DOCKER_TLS_VERIFY=1"

# --- TLS through a docker context ------------------------------------------
contexts=$work/context-config
quietly env DOCKER_CONFIG="$contexts" docker context create e2e-tls \
  --docker "host=$host,ca=$certs/ca.pem,cert=$certs/cert.pem,key=$certs/key.pem"
quietly env DOCKER_CONFIG="$contexts" docker context create e2e-wrong-ca \
  --docker "host=$host,ca=$wrong/ca.pem,cert=$wrong/cert.pem,key=$wrong/key.pem"
quietly env DOCKER_CONFIG="$contexts" docker context use e2e-tls
id=$(printf %s e2e-tls | sha256sum | cut -d' ' -f1)
for f in "meta/$id/meta.json" "tls/$id/docker/ca.pem" "tls/$id/docker/cert.pem" "tls/$id/docker/key.pem"; do
  [ -f "$contexts/contexts/$f" ] || fail "the docker CLI did not store contexts/$f"
done
grep -q '"currentContext": *"e2e-tls"' "$contexts/config.json" || fail "no currentContext in $contexts/config.json"
ok "docker context e2e-tls made by the docker CLI (currentContext; contexts/meta and contexts/tls under sha256 of the name)"

doctor DOCKER_CONFIG="$contexts"
expect 0 "the current docker context" "engine    $host (from docker context \"e2e-tls\"): Docker $version" REMOTE
ok "the config's currentContext: doctor exits 0 over TLS with the context's certificates, REMOTE"

doctor DOCKER_CONFIG="$contexts" DOCKER_CONTEXT=e2e-wrong-ca
expect 3 "DOCKER_CONTEXT naming a context with the wrong CA" \
  "TLS with the Docker engine at $host (from docker context \"e2e-wrong-ca\") failed" UnknownIssuer
ok "DOCKER_CONTEXT overrides currentContext; that context's wrong CA: exit 3 with the TLS problem"

console_shows_remote tls "$(regex_quote "$host") \\(from DOCKER_HOST\\)" \
  DOCKER_HOST="$host" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$certs"
ok "console over TLS: the header shows engine $version REMOTE $host; q quits"

# --- ssh -------------------------------------------------------------------
sshdir=$work/ssh
mkdir -p "$sshdir"
chmod 700 "$sshdir"
ssh-keygen -q -t ed25519 -N '' -C runcli-e2e-client -f "$sshdir/client_key"
ssh-keygen -q -t ed25519 -N '' -C runcli-e2e-stranger -f "$sshdir/stranger_key"
echo "restrict $(cat "$sshdir/client_key.pub")" >"$sshdir/authorized_keys"
start_private_sshd "$sshdir" "$sshdir/authorized_keys" DOCKER_HOST
sport=$PRIVATE_SSHD_PORT
hostkey=$(cut -d' ' -f1,2 "$sshdir/host_key.pub")
printf '[127.0.0.1]:%s %s\n[localhost]:%s %s\n' "$sport" "$hostkey" "$sport" "$hostkey" >"$sshdir/known_hosts"
# What a user's ~/.ssh/config would say. User and port come from the address.
# On the "remote" side, docker talks to the private engine's socket.
cat >"$sshdir/config" <<EOF
Host 127.0.0.1
  IdentityFile $sshdir/client_key
Host localhost
  IdentityFile $sshdir/stranger_key
Host *
  IdentitiesOnly yes
  UserKnownHostsFile $sshdir/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  SetEnv DOCKER_HOST=unix://$work/engine/docker.sock
EOF
# ssh reads ~/.ssh/config from the passwd entry's home, whatever HOME says;
# a wrapper first in PATH hands it this config instead of touching ~root/.ssh.
mkdir -p "$work/bin"
printf '#!/bin/sh\nexec %s -F %s "$@"\n' "$(command -v ssh)" "$sshdir/config" >"$work/bin/ssh"
chmod +x "$work/bin/ssh"
sshpath=$work/bin:$PATH
remote_version=$(PATH=$sshpath ssh -p "$sport" root@127.0.0.1 docker version --format '{{.Server.Version}}')
[ "$remote_version" = "$version" ] || fail "ssh to 127.0.0.1:$sport did not reach the private engine"
ok "private sshd on 127.0.0.1:$sport (throwaway host key, root by key only) runs docker against the private engine"

ssh_host=ssh://root@127.0.0.1:$sport
doctor PATH="$sshpath" DOCKER_HOST="$ssh_host"
expect 0 "ssh" "engine    $ssh_host (from DOCKER_HOST): Docker $version" REMOTE "all is well"
ok "DOCKER_HOST=$ssh_host: doctor exits 0 through ssh ... docker system dial-stdio, REMOTE"
for ((i = 0; i < 30; i++)); do
  pgrep -f -- "-p $sport -- 127.0.0.1 docker system dial-stdio" >/dev/null || break
  sleep 0.1
done
if pgrep -af -- "-p $sport -- 127.0.0.1 docker system dial-stdio" >&2; then
  fail "an ssh process outlived runcli doctor"
fi
ok "no ssh process outlives runcli"

doctor PATH="$sshpath" DOCKER_HOST="ssh://root@localhost:$sport"
expect 3 "an ssh key the server refuses" \
  "ssh://root@localhost:$sport (from DOCKER_HOST)" "ssh failed" "Permission denied"
ok "a key sshd refuses: exit 3 with ssh's own words (Permission denied)"

console_shows_remote ssh "$(regex_quote "$ssh_host") \\(from DOCKER_HOST\\)" \
  PATH="$sshpath" DOCKER_HOST="$ssh_host"
ok "console over ssh: the header shows engine $version REMOTE $ssh_host; q quits"

stop_private_engine "$work/engine"
if [ -n "$had_docker0" ] && ! ip link show docker0 >/dev/null 2>&1; then
  fail "the private engine removed the host's docker0 bridge"
fi
ok "the host's docker0 bridge is still there"

echo "ok: engine endpoints (TLS, docker context, ssh) in $((SECONDS - started)) s"
