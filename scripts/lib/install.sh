# shellcheck shell=bash
# install_missing PACKAGE...: installs the given Debian packages with apt
# when we can (root on Debian), otherwise says what is missing and fails.
# Callers pass only what they found missing; nothing to do for none.
# Sourced, not run.
install_missing() {
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "missing: $* (install them, or run as root on Debian)" >&2
    return 1
  fi
}
