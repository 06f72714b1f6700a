"""Unit tests: pure code and the app in process on SQLite; no server, no Postgres."""
