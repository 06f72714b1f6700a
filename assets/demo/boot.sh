#!/bin/sh
# Starts the API in its container: applies the migrations as soon as the
# database answers, then serves on 0.0.0.0:$PORT with gunicorn (the Flask
# server when gunicorn is not installed).
set -u
PORT="${PORT:-5000}"

until flask db upgrade; do
  echo "boot: flask db upgrade failed (database not ready?); retrying in 5 s" >&2
  sleep 5
done

if command -v gunicorn >/dev/null 2>&1; then
  exec gunicorn --bind "0.0.0.0:$PORT" --workers "${GUNICORN_WORKERS:-4}" \
    --access-logfile - --error-logfile - backend:app
fi
exec flask run --host=0.0.0.0 --port="$PORT"
