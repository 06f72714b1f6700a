"""The API: a Flask application factory with the routes and error handlers."""

from pathlib import Path
from typing import Mapping, Optional

from flask import Flask
from flask_migrate import Migrate

import config
from core.db import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

migrate = Migrate()


def create_app(overrides: Optional[Mapping] = None) -> Flask:
    """Builds the app from the environment; ``overrides`` win (tests use SQLite)."""
    app = Flask(__name__)
    app.config.update(config.load())
    if overrides:
        app.config.update(overrides)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))

    from api import errors, routes

    app.register_blueprint(routes.bp)
    errors.register(app)
    return app
