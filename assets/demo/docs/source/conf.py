"""Sphinx configuration. Build from the project root:

    sphinx-apidoc -o docs/source .
    sphinx-build -M html docs/source docs/build
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# autodoc imports the project's modules from the root.
sys.path.insert(0, str(ROOT))

project = "runcli demo"
author = "runcli"
copyright = "2026, runcli"
release = json.loads((ROOT / "config.json").read_text(encoding="utf-8"))["version"]
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
# Importing locust patches the standard library (gevent); documenting the
# locustfile needs none of it.
autodoc_mock_imports = ["locust"]
autodoc_member_order = "bysource"



def _skip_classes_on_mocked_bases(app, what, name, obj, skip, options):
    """Skips classes built on a mocked import (the locustfile's users): to
    document one, Sphinx imports its base's module for real, and importing
    locust monkey-patches the build process with gevent."""
    # type(obj), not isinstance: Flask's proxies raise outside an app context.
    if not issubclass(type(obj), type):
        return None
    bases = obj.__mro__[1:]
    if any(getattr(c, "__module__", "").split(".")[0] in autodoc_mock_imports for c in bases):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_classes_on_mocked_bases)


templates_path = []
exclude_patterns = []
html_theme = "alabaster"
html_static_path = []
