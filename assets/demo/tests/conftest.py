"""Makes the shared fixtures of tests/fixtures.py visible to every tier."""

from tests.fixtures import app, client, server_url  # noqa: F401
