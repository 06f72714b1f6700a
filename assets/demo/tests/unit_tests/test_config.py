import re

import pytest

import config


def test_database_url_prefers_sqlalchemy_uri():
    env = {"DATABASE_URL": "postgresql://a@db/x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    assert config.database_url(env) == "sqlite://"


def test_database_url_falls_back_to_database_url_then_default():
    assert config.database_url({"DATABASE_URL": "postgresql://a@db/x"}) == "postgresql://a@db/x"
    assert config.database_url({}) == config.DEFAULT_DATABASE_URL


def test_postgres_scheme_is_normalized():
    assert config.database_url({"DATABASE_URL": "postgres://u:p@h:5432/d"}) == (
        "postgresql://u:p@h:5432/d"
    )


@pytest.mark.parametrize(
    "raw, expected", [("True", True), ("true", True), ("1", True), ("False", False), ("", False)]
)
def test_flags_read_the_env_files_spelling(raw, expected):
    assert config.flag({"DEBUG": raw}, "DEBUG") is expected


def test_a_bad_flag_names_the_variable():
    with pytest.raises(ValueError, match="DEBUG='maybe'"):
        config.flag({"DEBUG": "maybe"}, "DEBUG")


def test_version_comes_from_config_json():
    assert re.fullmatch(r"\d+\.\d+\.\d+", config.version())


def test_load_reads_the_environment():
    loaded = config.load({"ENV": "staging", "DEBUG": "False", "VERSION": "1.2.3"})
    assert loaded["ENV_NAME"] == "staging"
    assert loaded["DEBUG"] is False
    assert loaded["VERSION"] == "1.2.3"
