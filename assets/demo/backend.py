"""The Flask application object (``FLASK_APP=backend.py``)."""

from api import create_app

app = create_app()
