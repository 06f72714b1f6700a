import os
import uuid

import pytest
import requests
import sqlalchemy as sa

TIMEOUT = 10


@pytest.fixture
def engine():
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.fail("DATABASE_URL is not set; point it at the API's database")
    engine = sa.create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def email(engine):
    address = f"it-{uuid.uuid4().hex[:12]}@example.com"
    yield address
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM users WHERE email = :e"), {"e": address})


def test_ping(server_url):
    for method in (requests.get, requests.post):
        response = method(f"{server_url}/ping", timeout=TIMEOUT)
        assert response.status_code == 200
        assert response.json()["status"] == "ok"


def test_created_user_is_listed_and_stored(server_url, engine, email):
    created = requests.post(
        f"{server_url}/users", json={"email": email, "name": "Integration"}, timeout=TIMEOUT
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]

    listed = requests.get(f"{server_url}/users", timeout=TIMEOUT).json()["users"]
    assert email in [u["email"] for u in listed]
    assert requests.get(f"{server_url}/users/{user_id}", timeout=TIMEOUT).json()["email"] == email

    with engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT id, name FROM users WHERE email = :e"), {"e": email}
        ).one()
    assert (row.id, row.name) == (user_id, "Integration")


def test_duplicate_email_is_a_conflict(server_url, email):
    first = requests.post(f"{server_url}/users", json={"email": email}, timeout=TIMEOUT)
    assert first.status_code == 201
    again = requests.post(f"{server_url}/users", json={"email": email}, timeout=TIMEOUT)
    assert again.status_code == 409


def test_database_is_at_the_latest_migration(engine):
    with engine.connect() as conn:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert revision == "5c1a7e3d9b20"
