"""The Flask-SQLAlchemy handle the models and Flask-Migrate use."""

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
