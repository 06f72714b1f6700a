"""Acceptance tests: what a client of the deployed API relies on (SERVER_URL)."""
