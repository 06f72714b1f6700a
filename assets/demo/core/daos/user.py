"""Create, get and list users. Needs an app context (``db.session``)."""

from typing import List, Optional

from sqlalchemy.exc import IntegrityError

from core.db import db
from core.db.models import User


class EmailTaken(Exception):
    """A user with this email exists already."""


def create(email: str, name: str = "") -> User:
    user = User(email=email, name=name)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as e:
        db.session.rollback()
        raise EmailTaken(email) from e
    return user


def get(user_id: int) -> Optional[User]:
    return db.session.get(User, user_id)


def list_users() -> List[User]:
    return list(db.session.execute(db.select(User).order_by(User.id)).scalars())
