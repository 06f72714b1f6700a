#!/usr/bin/env bash
# Renders every secrets fixture template with the real Jinja2, the way the
# template's own generator does (trim_blocks, lstrip_blocks, StrictUndefined,
# `version` from config.json), into golden files that the Rust tests compare
# runcli's render against byte for byte.
#
#   scripts/jinja-golden.sh           rewrite tests/fixtures/secrets/golden/
#   scripts/jinja-golden.sh --check   render into a temp dir and diff against
#                                     the committed files; exit 1 on drift
#
# Fixture sets (name: folder holding the template, values and config.json):
#   template-style  tests/fixtures/secrets/jinja/template-style
#   constructs      tests/fixtures/secrets/jinja/constructs
#   crlf            tests/fixtures/secrets/jinja/crlf (CRLF line ends)
#   lists           tests/fixtures/secrets
#   demo            assets/demo
#   refused/<name>  tests/fixtures/secrets/jinja/refused/<name>.env, with the
#                   values and config.json of that folder: constructs Jinja2
#                   renders and runcli refuses (with the line)
# Output: golden/<set>/<target>.txt, exactly what Jinja2 returned.
#
# Needs python3 with Jinja2; on Debian, as root, installs python3-jinja2.
set -euo pipefail
cd "$(dirname "$0")/.."

GOLDEN=tests/fixtures/secrets/golden

ensure_jinja2() {
  if python3 -c 'import jinja2' 2>/dev/null; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing python3-jinja2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jinja2 >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jinja2 >/dev/null; }
  else
    echo "python3 with Jinja2 is needed (Debian: apt-get install python3-jinja2)" >&2
    exit 2
  fi
}

render_all() {
  local out=$1
  python3 - "$out" <<'PY'
import json
import os
import sys

import jinja2

out_root = sys.argv[1]
env = jinja2.Environment(
    loader=jinja2.BaseLoader(),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def load(folder):
    with open(os.path.join(folder, "secret--template-values.env")) as fp:
        values = json.load(fp)
    with open(os.path.join(folder, "config.json")) as fp:
        version = json.load(fp)["version"]
    return values, version


def render(name, template_path, values, version):
    with open(template_path) as fp:
        template = env.from_string(fp.read())
    folder = os.path.join(out_root, name)
    os.makedirs(folder, exist_ok=True)
    for target, variables in values.items():
        context = dict(variables)
        context["version"] = version
        text = template.render(**context)
        path = os.path.join(folder, target + ".txt")
        with open(path, "w", encoding="utf-8", newline="") as fp:
            fp.write(text)


sets = {
    "template-style": "tests/fixtures/secrets/jinja/template-style",
    "constructs": "tests/fixtures/secrets/jinja/constructs",
    "crlf": "tests/fixtures/secrets/jinja/crlf",
    "lists": "tests/fixtures/secrets",
    "demo": "assets/demo",
}
for name, folder in sets.items():
    values, version = load(folder)
    render(name, os.path.join(folder, "secret--template.env"), values, version)

refused = "tests/fixtures/secrets/jinja/refused"
values, version = load(refused)
for entry in sorted(os.listdir(refused)):
    if entry.endswith(".env") and entry != "secret--template-values.env":
        render("refused/" + entry[: -len(".env")], os.path.join(refused, entry), values, version)
PY
}

ensure_jinja2
case "${1:-}" in
  --check)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    render_all "$tmp"
    if ! diff -r "$GOLDEN" "$tmp"; then
      echo "golden files drifted from Jinja2's render: run scripts/jinja-golden.sh and commit $GOLDEN" >&2
      exit 1
    fi
    echo "golden files equal Jinja2 $(python3 -c 'import jinja2; print(jinja2.__version__)')'s render"
    ;;
  "")
    rm -rf "$GOLDEN"
    render_all "$GOLDEN"
    echo "wrote $GOLDEN"
    ;;
  *)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac
