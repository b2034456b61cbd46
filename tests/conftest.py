"""Shared fixtures: every test runs off the user's real database and data directory."""

import sqlite3

import pytest
from typer.testing import CliRunner

import cli
from claims import demo
from claims.db import open_db

WIDTH = "120"


def pytest_collection_modifyitems(items):
    """Tests marked slow (they start other processes and wait on them) run last, so that a
    quick failure shows first; `-m "not slow"` leaves them out."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is not None)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test may touch a real user database: CLAIMS_DB and the data dir point into tmp."""
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "claims.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", WIDTH)
    monkeypatch.delenv("CLAIMS_DEBUG", raising=False)


@pytest.fixture
def db():
    """A migrated in-memory database."""
    database = open_db(":memory:")
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "claims.db"


@pytest.fixture
def seeded(db_path):
    """The database file (CLAIMS_DB) holding the demo fixtures."""
    database = open_db(db_path)
    demo.load(database)
    database.close()
    return db_path


@pytest.fixture
def run():
    """Invoke the CLI in-process with a pinned terminal width; returns the result."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli.app, [str(a) for a in args], input=input, env={"COLUMNS": WIDTH})

    return invoke


def dump(path) -> list[str]:
    """Everything in a database file, as SQL: equal dumps mean nothing changed."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
