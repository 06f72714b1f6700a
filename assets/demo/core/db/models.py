"""Database models. Changes here need a migration: ``flask db migrate -m MSG``."""

from datetime import datetime, timezone

from core.db import db


def _now() -> datetime:
    return datetime.now(timezone.utc)


class User(db.Model):
    """A user of the API; the email is unique."""

    __tablename__ = "users"
    __table_args__ = (db.UniqueConstraint("email", name="uq_users_email"),)

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), nullable=False)
    name = db.Column(db.String(255), nullable=False, default="", server_default="")
    created_at = db.Column(
        db.DateTime(timezone=True), nullable=False, default=_now, server_default=db.func.now()
    )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }
