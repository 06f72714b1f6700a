#!/usr/bin/env bash
# Builds the demo project's base images from Debian's packages, so the demo
# (assets/demo) runs on an engine that reaches no image registry. The demo's
# .env points its compose files at these tags:
#
#   runcli-demo/python:bookworm   Python 3.11 with Flask, Flask-Migrate,
#                                 SQLAlchemy, psycopg2, gunicorn, pytest,
#                                 requests, Sphinx, Jupyter Notebook, locust, pip
#   runcli-demo/postgres:15       PostgreSQL 15 with an entrypoint that behaves
#                                 like the official image's (initdb on first
#                                 start, POSTGRES_PASSWORD / POSTGRES_DB)
#
# Each image is a debootstrap'ed Debian bookworm (minbase) with the packages
# installed in a chroot, imported with `docker import`. An image whose tag
# already exists is kept unless --force is given.
#
# Usage: scripts/base-images.sh [--force] [python] [postgres]
#   (no image names: both). Runs as root; installs debootstrap when missing.
#   DEBIAN_MIRROR overrides the mirror (default http://deb.debian.org/debian).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON_TAG=runcli-demo/python:bookworm
POSTGRES_TAG=runcli-demo/postgres:15
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

PYTHON_PACKAGES=(
  python3 python-is-python3 python3-pip ca-certificates
  python3-flask python3-flask-migrate python3-flask-sqlalchemy python3-sqlalchemy
  python3-psycopg2 gunicorn python3-pytest python3-requests python3-sphinx
  jupyter-notebook jupyter-core python3-locust
)
POSTGRES_PACKAGES=(postgresql-15)

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'base-images: %s\n' "$*" >&2; exit 1; }

force=0
wanted=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    python | postgres) wanted+=("$arg") ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$arg'; use [--force] [python] [postgres]" ;;
  esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(python postgres)

[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root; run as root"
timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}); start dockerd first"

tag_of() { case "$1" in python) echo "$PYTHON_TAG" ;; postgres) echo "$POSTGRES_TAG" ;; esac; }

todo=()
for name in "${wanted[@]}"; do
  tag=$(tag_of "$name")
  if [ "$force" = 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
    echo "$tag exists; keeping it (--force rebuilds)"
  else
    todo+=("$name")
  fi
done
[ ${#todo[@]} -gt 0 ] || exit 0

if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/runcli-base-images.XXXXXX")
mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A minbase bookworm shared by both images, set up for small, quiet installs.
make_base() {
  local root=$work/base
  log "debootstrap $SUITE (minbase) from $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  }
  cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb ${MIRROR%/debian}/debian-security $SUITE-security main
EOF
  cat >"$root/etc/dpkg/dpkg.cfg.d/01-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
EOF
  cat >"$root/etc/apt/apt.conf.d/01-small" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
EOF
  # Keep postinst scripts from starting services in the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  # Debootstrap's own packages came with docs; drop them like later ones.
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,info,lintian,locale}/*
}

# Runs a command in the chroot with /proc mounted and the host's DNS.
in_chroot() {
  local root=$1
  shift
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount -t proc proc "$root/proc"
  mounted+=("$root/proc")
  chroot "$root" /usr/bin/env -i PATH="$STD_PATH" LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive HOME=/root "$@"
  umount "$root/proc"
  unset 'mounted[-1]'
}

install_packages() {
  local root=$1
  shift
  in_chroot "$root" sh -c 'apt-get update -qq && apt-get install -y -qq "$@" >/dev/null && apt-get clean' \
    sh "$@"
}

# Removes what the image does not need at run time.
trim() {
  local root=$1
  rm -f "$root/usr/sbin/policy-rc.d"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/debconf/*-old \
    "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/root/.cache
  : >"$root/etc/resolv.conf"
  : >"$root/etc/hostname"
}

import() {
  local root=$1 tag=$2
  shift 2
  local changes=()
  local c
  for c in "$@"; do changes+=(--change "$c"); done
  tar --numeric-owner --exclude='./proc/*' --exclude='./sys/*' --exclude='./dev/*' \
    -C "$root" -c . | docker import "${changes[@]}" - "$tag" >/dev/null
}

build_python() {
  local root=$work/python
  cp -a "$work/base" "$root"
  install_packages "$root" "${PYTHON_PACKAGES[@]}"
  trim "$root"
  import "$root" "$PYTHON_TAG" \
    "ENV PATH=$STD_PATH" 'ENV LANG=C.UTF-8' 'ENV PYTHONUNBUFFERED=1' 'CMD ["python3"]'
  rm -rf "$root"
}

build_postgres() {
  local root=$work/postgres
  cp -a "$work/base" "$root"
  # The image's entrypoint makes the cluster in $PGDATA; skip Debian's main cluster.
  mkdir -p "$root/etc/postgresql-common"
  printf 'create_main_cluster = false\n' >"$root/etc/postgresql-common/createcluster.conf"
  # LLVM (and z3, which it needs) serve only JIT, which postgres skips
  # without its provider: 130 MB of the image. Locale sources are unused
  # (the cluster uses C.UTF-8, built into glibc).
  cat >"$root/etc/dpkg/dpkg.cfg.d/02-nojit" <<'EOF'
path-exclude /usr/lib/*/libLLVM-*
path-exclude /usr/lib/*/libz3.so*
path-exclude /usr/lib/postgresql/*/lib/llvmjit*
path-exclude /usr/lib/postgresql/*/lib/bitcode/*
path-exclude /usr/share/i18n/*
EOF
  install_packages "$root" "${POSTGRES_PACKAGES[@]}"
  install -m 755 scripts/lib/postgres-entrypoint.sh "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$root/docker-entrypoint-initdb.d" "$root/var/lib/postgresql/data" "$root/var/run/postgresql"
  in_chroot "$root" sh -c 'chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql'
  chmod 3777 "$root/var/run/postgresql"
  trim "$root"
  import "$root" "$POSTGRES_TAG" \
    "ENV PATH=/usr/lib/postgresql/15/bin:$STD_PATH" 'ENV LANG=C.UTF-8' \
    'ENV PGDATA=/var/lib/postgresql/data' 'VOLUME /var/lib/postgresql/data' 'EXPOSE 5432' \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["postgres"]'
  rm -rf "$root"
}

size_of() {
  docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1000000 }'
}

start=$SECONDS
make_base
echo "minbase ready in $((SECONDS - start)) s"
for name in "${todo[@]}"; do
  tag=$(tag_of "$name")
  log "building $tag"
  t0=$SECONDS
  "build_$name"
  echo "$tag built in $((SECONDS - t0)) s, $(size_of "$tag")"
done
log "done in $((SECONDS - start)) s"
