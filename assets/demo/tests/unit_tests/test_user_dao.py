import pytest

from core.daos import user as user_dao


def test_create_then_get(app):
    created = user_dao.create(email="ada@example.com", name="Ada")
    assert created.id is not None
    found = user_dao.get(created.id)
    assert found is not None
    assert (found.email, found.name) == ("ada@example.com", "Ada")
    assert found.created_at is not None


def test_get_unknown_is_none(app):
    assert user_dao.get(12345) is None


def test_list_in_creation_order(app):
    for email in ["b@example.com", "a@example.com", "c@example.com"]:
        user_dao.create(email=email)
    assert [u.email for u in user_dao.list_users()] == [
        "b@example.com",
        "a@example.com",
        "c@example.com",
    ]


def test_duplicate_email_is_refused(app):
    user_dao.create(email="ada@example.com")
    with pytest.raises(user_dao.EmailTaken):
        user_dao.create(email="ada@example.com", name="again")
    assert len(user_dao.list_users()) == 1
