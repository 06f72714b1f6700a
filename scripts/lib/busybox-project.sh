# Writes small runcli projects whose services run a static busybox image
# built FROM scratch, for the console scripts that need live containers.
# Sourced, not run.

# busybox_project DIR NAME COMPOSE_SERVICES PROFILE_SERVICES
# DIR gets a Dockerfile, the busybox binary, runcli.toml with one profile
# "all" over PROFILE_SERVICES (a TOML list body such as '"a", "b"') and a
# docker-compose.yaml whose `services:` mapping is COMPOSE_SERVICES.
busybox_project() {
  local dir=$1 name=$2 services=$3 profile=$4
  mkdir -p "$dir"
  cp /bin/busybox "$dir/busybox"
  cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
ENV PATH=/bin
DOCKERFILE
  cat >"$dir/runcli.toml" <<TOML
[project]
name = "$name"

[compose]
files = ["docker-compose.yaml"]

[profiles.all]
description = "every service"
services = [$profile]
TOML
  printf 'services:\n%s\n' "$services" >"$dir/docker-compose.yaml"
}

# busybox_project_down BIN DIR: takes the project's containers, network and
# volumes away; used from EXIT traps, so it never fails.
busybox_project_down() {
  "$1" --project "$2" server down --volumes --prune >/dev/null 2>&1 || true
}
