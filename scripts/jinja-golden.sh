#!/usr/bin/env bash
# Renders every secrets fixture template with the real Jinja2, the way the
# template's own generator does (trim_blocks, lstrip_blocks, StrictUndefined,
# `version` from config.json), into golden files that the Rust tests compare
# runcli's render against byte for byte.
#
#   scripts/jinja-golden.sh           rewrite tests/fixtures/secrets/golden/
#   scripts/jinja-golden.sh --check   render into a temp dir and diff against
#                                     the committed files; exit 1 on drift
#   scripts/jinja-golden.sh --random [N [SEED]]
#                                     N random templates (default 300) of the
#                                     constructs runcli renders, rendered by
#                                     Jinja2 and then by runcli (an ignored
#                                     test of tests/secrets_golden.rs); any
#                                     difference fails
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

# Writes N cases (template, values, config.json, and expected.txt when
# Jinja2 renders it) under $1.
random_cases() {
  python3 - "$@" <<'PY'
import json
import os
import random
import sys

import jinja2

out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
env = jinja2.Environment(
    loader=jinja2.BaseLoader(),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
values = {"app": "api", "env": "staging", "n": 3, "f": 2.5, "b": True, "c": False,
          "s": "Mixed Case", "hosts": ["db", "cache"], "e": "", "nothing": None}
texts = ["A=1", "B=x y", "# note", "", "  C=3", "D={ ", "E=}", "F=#x", " ", "\t", "G=${H}"]
conditions = [
    "app in ('all', 'api')", "env not in ('testing',)", "b", "not c", "n > 2",
    "missing is defined", "s is not defined", "app == 'api' and (b or c)", "e", "hosts",
    "'ix' in s", "env in ['staging']", "f < 3", "missing is defined and missing",
    "not (b and c)", "app in ('api',) or missing", "s is string", "hosts[0] == 'db'",
    "env in ('a', 'b', 'staging') and app not in ('x', 'y')", "n != 3", "missing",
    "nothing is none", "s is not none", "missing is none",
]
expressions = [
    "app", "env", "n", "f", "b", "c", "s", "nothing", "s | upper", "s | lower", "s | length",
    "hosts | count", "hosts | first", "s | trim", "s | capitalize", "'lit'", '"t\\tq"',
    "app ~ '-' ~ env", "n + 1", "n * f", "b and c", "not b", "e", "n - 5", "'a\\'b'",
    "n == 3", "app ~ n", "hosts[1]", "b or c", "f * 2", "n - 0.5", "'\\u00e9\\x41'",
    "missing", "app ~ '-' ~ env | upper", "s | lower ~ n", "b ~ c ~ nothing ~ f",
    "'v' ~ 1.0", "1 + hosts | count", "n - s | length",
]


def mark(block):
    return rng.choice(["", "", "", "-", "+"] if block else ["", "", "-"])


def lead():
    return rng.choice(["", "", "", "  ", "\t", " \t", "\n", "\n  "])


def end():
    return rng.choice(["\n", "", "\n\n", " "])


def stmt(body):
    return lead() + "{%" + mark(True) + " " + body + " " + mark(True) + "%}" + end()


def block(depth):
    parts = []
    for _ in range(rng.randint(1, 4)):
        k = rng.random()
        if k < 0.3:
            parts.append(rng.choice(texts) + end())
        elif k < 0.5:
            parts.append(lead() + "{{" + mark(False) + " " + rng.choice(expressions) + " "
                         + mark(False) + "}}" + end())
        elif k < 0.6:
            parts.append(lead() + "{#" + mark(True) + " note " + mark(True) + "#}" + end())
        elif k < 0.85 and depth < 3:
            s = stmt("if " + rng.choice(conditions)) + block(depth + 1)
            if rng.random() < 0.4:
                s += stmt("elif " + rng.choice(conditions)) + block(depth + 1)
            if rng.random() < 0.4:
                s += stmt("else") + block(depth + 1)
            parts.append(s + stmt("endif"))
        elif k < 0.93 and depth < 3:
            parts.append(stmt("for h in hosts") + "H{{ loop.index }}={{ h }}" + end()
                         + block(depth + 1) + stmt("endfor"))
        else:
            value = rng.choice([e for e in expressions if e != "missing"])
            parts.append(stmt("set x = " + value) + "X={{ x }}" + end())
    return "".join(parts)


for i in range(count):
    folder = os.path.join(out, str(i))
    os.makedirs(folder)
    template = block(0) + rng.choice(["", "\n"])
    with open(os.path.join(folder, "secret--template.env"), "w", newline="") as fp:
        fp.write(template)
    with open(os.path.join(folder, "secret--template-values.env"), "w") as fp:
        json.dump({"api-local": values}, fp)
    with open(os.path.join(folder, "config.json"), "w") as fp:
        json.dump({"version": "1.0.0"}, fp)
    try:
        text = env.from_string(template).render(version="1.0.0", **values)
    except jinja2.TemplateError:
        continue
    with open(os.path.join(folder, "expected.txt"), "w", encoding="utf-8", newline="") as fp:
        fp.write(text)
PY
}

ensure_jinja2
case "${1:-}" in
  --random)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    random_cases "$tmp" "${2:-300}" "${3:-1}"
    RUNCLI_JINJA_RANDOM="$tmp" cargo test --locked --test secrets_golden -- \
      --ignored random_templates_render_as_jinja2_does --nocapture
    ;;
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
    echo "usage: $0 [--check | --random [N [SEED]]]" >&2
    exit 2
    ;;
esac
