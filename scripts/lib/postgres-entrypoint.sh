#!/bin/sh
# Entrypoint of the demo's local PostgreSQL image (scripts/base-images.sh),
# close enough to the official image's for compose files written for it:
# on the first start it runs initdb into $PGDATA (a volume) as user
# $POSTGRES_USER with password $POSTGRES_PASSWORD, creates $POSTGRES_DB and
# runs /docker-entrypoint-initdb.d/*.sh|*.sql; then it serves on
# 0.0.0.0:5432. The official image stops on SIGINT (fast shutdown); an
# imported image cannot set STOPSIGNAL, so SIGTERM is passed on as SIGINT.
set -eu

: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
export PGDATA POSTGRES_USER POSTGRES_DB

# `docker run IMAGE -c shared_buffers=256MB` means postgres with options.
if [ "${1#-}" != "${1:-}" ]; then
  set -- postgres "$@"
fi
if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

init_cluster() {
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "postgres: the database is uninitialized and POSTGRES_PASSWORD is not set;" >&2
    echo "  set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow all connections)" >&2
    exit 1
  fi
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --encoding=UTF8 \
    --locale=C.UTF-8 --auth-local=trust --auth-host="$auth" -D "$PGDATA"
  rm -f "$pwfile"
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

  # Socket only while setting up, so nothing outside sees a half-made database.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
      -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" \
        --dbname "$POSTGRES_DB" -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  init_cluster
fi

"$@" &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null || true' TERM INT
status=0
while :; do
  # A trapped signal ends `wait` early; wait again until postgres is gone.
  if wait "$pid"; then status=0; else status=$?; fi
  kill -0 "$pid" 2>/dev/null || break
done
exit "$status"
