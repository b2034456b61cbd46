"""Reads never write: a colleague's read-only copy, a backup, a file a Datasette server
shows must come out of every read exactly as they went in."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import count_rows, dump

from claims.basics.errors import ClaimsError
from claims.operations import recording
from claims.storage.db import open_db

ROOT = Path(__file__).resolve().parent.parent
READS = [
    ("list",), ("show", "s0c02"), ("history",), ("compare", "pokrovsk/distance-to-front"),
    ("compare", "pokrovsk/distance-to-front", "--policy", "truth"),
    ("compare", "pokrovsk/distance-to-front", "--over-time", "--policy", "truth"),
    ("conflicts", "--policy", "truth"), ("sources", "rank"), ("sources", "list"), ("sources", "show", "DeepState"),
    ("topics", "list"), ("export", "-f", "json"), ("check",),
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_read_leaves_the_database_exactly_as_it_was(run, seeded, command):
    before = dump(seeded)
    result = run(*command)
    assert result.exit_code == 0, result.output
    assert dump(seeded) == before


def test_learned_weights_are_kept_only_by_claims_learn(run, seeded):
    def stored():
        database = open_db(seeded, read_only=True)
        try:
            return count_rows(database, "learned_weights")
        finally:
            database.close()

    truth = ("compare", "pokrovsk/distance-to-front", "--policy", "truth", "-f", "json")
    worked_out = run(*truth)
    assert stored() == 0 and "not kept: `claims learn` stores them" in worked_out.stderr
    assert run("learn").exit_code == 0 and stored() > 0
    read_back = run(*truth)
    assert read_back.stderr == "" and read_back.stdout == worked_out.stdout  # the same weights either way


def test_a_read_only_connection_refuses_every_write(seeded):
    database = open_db(seeded, create=False, read_only=True)
    with pytest.raises((sqlite3.OperationalError, ClaimsError), match="readonly|only reads"):
        recording.add_source(database, "Someone", type="media")
    database.close()


def test_a_read_does_not_upgrade_an_old_database(run, tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "data" / "db-at-migration-001.db", old)
    before = old.read_bytes()
    result = run("list", "--db", old)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: database {old} was made by an older version")
    assert old.read_bytes() == before
    assert run("learn", "--db", old).exit_code == 0  # a command that writes upgrades it
    assert run("list", "--db", old).exit_code == 0


@pytest.mark.file_only
def test_a_foreign_sqlite_file_holds_no_claims_base_yet(run, tmp_path):
    foreign = tmp_path / "notes.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    result = run("list", "--db", foreign)
    assert result.exit_code == 1
    assert result.stderr == (f"error: no claims base at {foreign} yet: `claims demo`, `claims add` or "
                             "`claims import` makes one\n")
    assert foreign.read_bytes() == before


@pytest.mark.file_only
def test_pending_migrations_are_names_on_sqlite():
    from sqlite_utils import Database

    from claims.storage.sqlite import SQLiteEngine

    names = SQLiteEngine(Database(memory=True)).pending_migrations()
    assert names[0] == "001_initial" and all(isinstance(name, str) for name in names)


def test_opening_for_reading_never_creates(tmp_path):
    with pytest.raises(ClaimsError, match="no database at"):
        open_db(tmp_path / "none.db", create=False, read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_learn_keeps_weights_only_in_a_database_that_exists(run, tmp_path):
    missing = tmp_path / "none.db"
    result = run("learn", "--db", missing)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: no database at {missing}")
    assert not missing.exists()
