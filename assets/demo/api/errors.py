"""JSON bodies for HTTP errors, so clients never get an HTML page."""

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return jsonify(error=e.description), e.code
