"""Fixtures shared by the tiers.

``app`` and ``client`` run the API in process on an in-memory SQLite
database (unit tests); ``server_url`` is the running API the other tiers
talk to, from the SERVER_URL environment variable.
"""

import os

import pytest

from api import create_app
from core.db import db


@pytest.fixture
def app():
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "VERSION": "9.9.9"}
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def server_url():
    url = os.environ.get("SERVER_URL", "").rstrip("/")
    if not url:
        pytest.fail("SERVER_URL is not set; point it at the running API, e.g. http://api:5000")
    return url
