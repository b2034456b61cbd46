"""Shared fixtures: every test runs off the user's real database and data directory.

With CLAIMS_TEST_ENGINE=postgresql (and CLAIMS_TEST_PG, a server's address), the database
a test gets by default (CLAIMS_DB and the `db` fixture) is an empty schema of its own on
that server instead of a SQLite file: the suite runs a second time on the team engine.
"""

import functools
import os
import shutil
import sqlite3
import uuid

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

import cli
from claims.operations import demo
from claims.storage.db import open_db

WIDTH = "120"

# Typer's CliRunner builds the whole Click command tree from the app at every invoke: some
# 13 ms, most of a short command's run, paid about two thousand times a test run. The tree
# is the same each time (a command keeps no state between runs), so it is built once.
typer.testing._get_command = functools.cache(typer.main.get_command)


def pytest_collection_modifyitems(items):
    """Tests marked slow (they start other processes and wait on them) run last, so that a
    quick failure shows first; `-m "not slow"` leaves them out."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is not None)


SERVER = os.environ.get("CLAIMS_TEST_PG") if os.environ.get("CLAIMS_TEST_ENGINE") == "postgresql" else None


@pytest.fixture
def server_schema():
    """The address of an empty schema on the test server, dropped after the test."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    connect = psycopg.connect  # as it is now: a test may stand in for it
    with connect(os.environ["CLAIMS_TEST_PG"], autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    address = os.environ["CLAIMS_TEST_PG"]
    yield address + ("&" if "?" in address else "?") + f"options=-csearch_path%3D{schema}"
    with connect(os.environ["CLAIMS_TEST_PG"], autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def default_db(request, tmp_path):
    """Where a test's database is unless it names one: a file, or a schema on the server."""
    return request.getfixturevalue("server_schema") if SERVER else str(tmp_path / "claims.db")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch, default_db):
    """No test may touch a real user database: CLAIMS_DB and the data dir point into tmp."""
    monkeypatch.setenv("CLAIMS_DB", default_db)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", WIDTH)
    monkeypatch.delenv("CLAIMS_DEBUG", raising=False)


@pytest.fixture(scope="session")
def templates(tmp_path_factory) -> dict:
    """Databases built once per test run and copied for each test that wants one: migrated and
    empty, and migrated with the demo loaded (migrating and loading for every test was most
    of the suite's set-up time)."""
    folder = tmp_path_factory.mktemp("templates")
    made = {"empty": folder / "empty.db", "seeded": folder / "seeded.db"}
    open_db(made["empty"]).close()
    seeded = open_db(made["seeded"])
    demo.load(seeded)
    seeded.close()  # the last connection's close folds the WAL into the file
    return made


@pytest.fixture
def db(default_db, templates):
    """A migrated in-memory database (on the team engine: the test's schema)."""
    if SERVER:
        database = open_db(default_db)
    else:
        database = open_db(":memory:", migrate=False)
        with sqlite3.connect(templates["empty"]) as template:
            template.backup(database.conn)
    yield database
    database.close()


@pytest.fixture
def db_path(tmp_path, default_db):
    """The test's database (CLAIMS_DB): a file's path, or on the team engine its address."""
    return default_db if SERVER else tmp_path / "claims.db"


@pytest.fixture
def seeded(db_path, templates):
    """The database file (CLAIMS_DB) holding the demo fixtures."""
    if SERVER:
        database = open_db(db_path)
        demo.load(database)
        database.close()
    else:
        shutil.copyfile(templates["seeded"], db_path)
    return db_path


@pytest.fixture
def run():
    """Invoke the CLI in-process with a pinned terminal width; returns the result."""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli.app, [str(a) for a in args], input=input, env={"COLUMNS": WIDTH})

    return invoke


def pytest_terminal_summary(terminalreporter):
    """The fault suite's table (tests/test_faults.py), when it ran."""
    import sys

    faults = sys.modules.get("test_faults")
    if not faults or not faults.TABLE:
        return
    write = terminalreporter.write_line
    write("")
    write(f"{'fault suite':48}" + "".join(f"{c:>13}" for c in faults.COLUMNS))
    for name, row in faults.TABLE.items():
        write(f"{name:48}" + "".join(f"{row[c]:>13,}" for c in faults.COLUMNS))


def pytest_runtest_setup(item):
    if SERVER and item.get_closest_marker("file_only"):
        pytest.skip("reads SQLite's own file or internals")


def dump(path) -> list[str]:
    """Everything in a database, as SQL (a file) or as rows (a server): equal dumps mean
    nothing changed."""
    if str(path).startswith("postgresql://"):
        return _server_rows(str(path))
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _server_rows(address: str) -> list[str]:
    import psycopg

    with psycopg.connect(address) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' ORDER BY table_name")]
        return [f"{table}: {row!r}" for table in tables
                for row in sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)]


def snapshot(database) -> list[str]:
    """Everything in an open database: equal snapshots mean nothing changed."""
    if database.dialect.name == "sqlite":
        return list(database.conn.iterdump())
    return _server_rows(database.address)


def count_rows(database, table: str) -> int:
    return database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
