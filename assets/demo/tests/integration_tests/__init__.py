"""Integration tests: the running API (SERVER_URL) and its Postgres database (DATABASE_URL)."""
