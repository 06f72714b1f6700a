"""Settings of the API, read from the environment.

The compose files and the env files that ``runcli secrets compile`` writes
set these variables; the defaults suit running the API on the host against
the compose database published on port 5436.
"""

import json
import os
from pathlib import Path
from typing import Mapping

ROOT = Path(__file__).resolve().parent

DEFAULT_DATABASE_URL = "postgresql://postgres:docker@localhost:5436/db"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    """Reads a boolean the way the template's env files write them (``True``/``False``)."""
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name}={raw!r} is not a boolean; use True or False")


def database_url(environ: Mapping[str, str]) -> str:
    """The SQLAlchemy URL: SQLALCHEMY_DATABASE_URI, else DATABASE_URL.

    ``postgres://`` (as some hosts write it) becomes ``postgresql://``,
    the only spelling SQLAlchemy accepts.
    """
    url = (
        environ.get("SQLALCHEMY_DATABASE_URI")
        or environ.get("DATABASE_URL")
        or DEFAULT_DATABASE_URL
    )
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


def version(path: Path = ROOT / "config.json") -> str:
    """The project's version from config.json (``{"version": "X.Y.Z"}``)."""
    with open(path, encoding="utf-8") as f:
        return str(json.load(f)["version"])


def load(environ: Mapping[str, str] = os.environ) -> dict:
    """The Flask configuration for ``environ``."""
    return {
        "ENV_NAME": environ.get("ENV", "testing"),
        "DEBUG": flag(environ, "DEBUG"),
        "TESTING": flag(environ, "TESTING"),
        "USE_HTTPS": flag(environ, "USE_HTTPS"),
        "VERSION": environ.get("VERSION") or version(),
        "SQLALCHEMY_DATABASE_URI": database_url(environ),
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    }
