"""Smoke tests: the deployed API (SERVER_URL) is up and answers."""
