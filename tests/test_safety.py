"""Nothing lost, nothing forged: a new database appears only when its command commits, CSV
cells survive any text, names cannot hide control characters, the history is a hash chain
`check` verifies, and every fault of the machine is one line with its own exit code.

The slow, many-trial versions (races, kills, a full disk, fuzzing) are tests/test_faults.py.
"""

import asyncio
import csv
import io
import json
import os
import sqlite3

import pytest
from conftest import SERVER
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.basics import cells
from claims.basics.errors import Busy, CreatedMeanwhile
from claims.storage import creation, sqlite
from claims.storage import db as storage
from claims.storage.db import finish_creation, open_db

file_only = pytest.mark.file_only


# ---------------------------------------------------------------- a new database

@file_only
def test_a_new_database_appears_under_its_name_only_at_its_first_commit(tmp_path):
    from claims.operations import recording

    path = tmp_path / "new.db"
    database = open_db(path, until_commit=True)
    assert not path.exists() and len(list(tmp_path.glob(".new.db.*.creating"))) == 1
    recording.add_topic(database, "t/a")
    assert path.exists() and not list(tmp_path.glob(".new.db.*"))
    database.close()
    assert [r[0] for r in sqlite3.connect(path).execute("SELECT key FROM topics")] == ["t/a"]


@file_only
def test_a_file_made_meanwhile_by_another_command_is_never_replaced_nor_removed(tmp_path):
    from claims.operations import recording

    path = tmp_path / "shared.db"
    mine = open_db(path, until_commit=True)
    theirs = open_db(path)  # another analyst's command made it and wrote to it meanwhile
    recording.add_topic(theirs, "t/theirs")
    theirs.close()
    with pytest.raises(CreatedMeanwhile, match="run it again") as raised:
        recording.add_topic(mine, "t/mine")
    assert raised.value.exit_code == 73
    finish_creation(mine, kept=False)
    assert [r[0] for r in sqlite3.connect(path).execute("SELECT key FROM topics")] == ["t/theirs"]
    assert not list(tmp_path.glob(".shared.db.*"))


@file_only
def test_a_failed_first_command_removes_only_its_own_temporary_file(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("topic,source,source_type,figure\nt/a,S,media,5\nt/a,S,media,not a figure at all\n")
    result = run("import", bad, "--db", tmp_path / "first.db", "--new-topic")
    assert result.exit_code == 1 and "created database" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


# ---------------------------------------------------------------- CSV

def test_a_bare_carriage_return_is_quoted_and_every_line_guarded(run, db_path):
    run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic",
        "--quote", "line1\r=cmd|' /C calc'!A0\n+2\r\n@SUM(1)\r\t-x")
    text = run("export", "-f", "csv").stdout_bytes.decode()  # .stdout would turn \r\n into \n
    quote = next(csv.DictReader(io.StringIO(text, newline="")))["quote"]
    assert quote == "line1\r'=cmd|' /C calc'!A0\n'+2\r\n'@SUM(1)\r'\t-x"
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == 2  # one header, one record


@pytest.mark.parametrize("text, cell", [
    ("=1+1", "'=1+1"), ("'=1+1", "''=1+1"), ("''-x", "'''-x"), ("a\n=b", "a\n'=b"), ("a\r\n'@b", "a\r\n''@b"),
    ("it's = fine", "it's = fine"), ("'quoted'", "'quoted'"), ("\r\r=x", "\r\r'=x"), ("", ""),
])
def test_the_formula_guard_on_each_line_and_back(text, cell):
    assert cells.guarded(text) == cell and cells.unguarded(cell) == text


@settings(max_examples=2000, deadline=None)
@given(st.text(st.characters(codec=None, exclude_categories=("Cs",))
               | st.sampled_from(list("\r\n\"',=+-@\t"))))
def test_any_text_is_guarded_and_read_back_exactly(text):
    cell = cells.guarded(text)
    for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        assert not line.startswith(tuple(cells.FORMULA_CHARACTERS))
    written = cells.csv_line([cell, "x"])
    assert next(csv.reader(io.StringIO(written, newline=""))) == [cell, "x"]
    assert cells.unguarded(cell) == text


def test_an_export_imports_back_and_exports_the_same_bytes(run, tmp_path):
    rows = [{"topic": "t/a", "source": "S", "source_type": "media", "figure": str(i), "quote": q}
            for i, q in enumerate(["'=x", "a\rb", "-5", "\"q\", r", "=HYPERLINK(\"x\")", "\t\n", "a\r\n@b"])]
    (tmp_path / "in.json").write_text(json.dumps(rows))
    assert run("import", tmp_path / "in.json", "--db", tmp_path / "a.db", "--new-topic").exit_code == 0
    first = run("export", "-f", "csv", "--db", tmp_path / "a.db").stdout_bytes
    (tmp_path / "out.csv").write_bytes(first)
    assert run("import", tmp_path / "out.csv", "--db", tmp_path / "b.db").exit_code == 0
    assert run("export", "-f", "csv", "--db", tmp_path / "b.db").stdout_bytes == first


def test_a_csv_whose_lines_end_in_a_bare_carriage_return_is_read(run, tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b'topic,source,source_type,figure,quote\rt/a,S,media,5,"two\rlines"\rt/a,S,media,6,x\r')
    result = run("import", path, "--new-topic")
    assert result.exit_code == 0, result.output
    quotes = [r["quote"] for r in json.loads(run("list", "-f", "json").stdout)]
    assert quotes == ["two\rlines", "x"]


@pytest.mark.parametrize("name", ["Src\x1c", "Src\x1f", "a\x1b[2Jb", "x\u202ey", "S\x00"])
def test_a_name_with_a_control_character_is_refused_in_one_line(run, name):
    result = run("add", "5", "--topic", "t/a", "--source", name, "--source-type", "media", "--new-topic")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "control character" in result.stderr and "Traceback" not in result.output
    again = run("add", "5", "--topic", "t/a", "--source", name, "--source-type", "media", "--new-topic")
    assert again.exit_code == 1 and "control character" in again.stderr


def test_a_name_typed_composed_or_decomposed_is_one_source(run):
    run("add", "5", "--topic", "t/a", "--source", "Cafe\u0301", "--source-type", "media", "--new-topic")
    assert run("add", "6", "--topic", "t/a", "--source", "Caf\u00e9").exit_code == 0
    assert [s["name"] for s in json.loads(run("sources", "list", "-f", "json").stdout)] == ["Caf\u00e9"]


@file_only
def test_check_finds_a_name_an_older_version_stored_with_a_control_character(run, db_path):
    run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE sources SET name = 'S\x1c'")
    result = run("check")
    assert result.exit_code == 1 and "source 'S\\x1c' holds a control character" in result.stdout
    assert run("sources", "edit", "S\x1c", "--name", "S", "--why", "tidy").exit_code == 0
    assert run("check").exit_code == 0 and run("add", "6", "--topic", "t/a", "--source", "S").exit_code == 0


# ---------------------------------------------------------------- the history chain

def _forge(path, sql: str) -> None:
    """An edit by hand, as someone with the file (or, on a server, its owner) could make."""
    if SERVER:
        import psycopg

        with psycopg.connect(path, autocommit=True) as conn:
            conn.execute("ALTER TABLE history DISABLE TRIGGER history_append_only")
            conn.execute(sql)
            conn.execute("ALTER TABLE history ENABLE TRIGGER history_append_only")
        return
    with sqlite3.connect(path) as conn:
        conn.execute(sql)


@pytest.mark.parametrize("edit, entry, why", [
    ("UPDATE history SET why = 'nothing to see' WHERE id = 3", 3, "was changed after it was written"),
    ("UPDATE history SET who = 'someone else' WHERE id = 1", 1, "was changed after it was written"),
    ("UPDATE history SET at = '2020-01-01T00:00:00Z' WHERE id = 5", 5, "was changed after it was written"),
    ("DELETE FROM history WHERE id = 4", 5, "does not follow the entry before it"),
    ("UPDATE history SET id = 99 WHERE id = 2", 3, "does not follow the entry before it"),
])
def test_check_names_the_first_history_entry_edited_by_hand(run, db_path, edit, entry, why):
    for figure in ("5", "6", "7"):
        run("add", figure, "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic")
    assert run("check").exit_code == 0
    _forge(db_path, edit)
    result = run("check")
    assert result.exit_code == 1
    assert f"history entry {entry} {why}" in result.stdout


def test_a_forger_who_recomputes_one_hash_is_found_at_the_next_entry(run, db_path):
    from claims.rules.chain import entry_hash

    for figure in ("5", "6"):
        run("add", figure, "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic")
    database = open_db(db_path)
    row = database.execute("SELECT entity, entity_id, action, field, old, new, why, at, who, evidence "
                           "FROM history WHERE id = 2").fetchone()
    database.close()
    forged = list(row)
    forged[6] = "forged"
    previous = _hash_of(db_path, 1)
    _forge(db_path, f"UPDATE history SET why = 'forged', hash = '{entry_hash(previous, forged)}' WHERE id = 2")
    assert "history entry 3 does not follow the entry before it" in run("check").stdout


def _hash_of(path, entry: int) -> str:
    database = open_db(path)
    try:
        return database.execute("SELECT hash FROM history WHERE id = ?", [entry]).fetchone()[0]
    finally:
        database.close()


@file_only
def test_an_upgrade_chains_the_history_already_there(tmp_path):
    from claims.storage import queries

    path = tmp_path / "old.db"
    open_db(path).close()
    with sqlite3.connect(path) as conn:  # as a base made before migration 006, with a history
        conn.execute("ALTER TABLE history DROP COLUMN previous_hash")
        conn.execute("ALTER TABLE history DROP COLUMN hash")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '006_history_chain'")
        conn.executemany("INSERT INTO history (entity, entity_id, action, at, who) "
                         "VALUES ('topic', ?, 'create', '2025-01-01T00:00:00Z', 'old')", [("1",), ("2",), ("3",)])
    upgraded = open_db(path)
    found, count, head = queries.history_chain(upgraded)
    assert found is None and count == 3 and len(head) == 64
    assert queries.problems(upgraded) == []
    upgraded.close()


# ---------------------------------------------------------------- faults of the machine

@file_only
def test_a_lock_held_past_the_busy_timeout_is_one_line_and_exit_75(run, db_path, monkeypatch):
    run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic")
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("add", "6", "--topic", "t/a", "--source", "S")
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == Busy.exit_code == 75
    assert result.stderr.startswith("error: ") and "locked by another process" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_argument_that_is_not_utf8_is_refused_with_its_place(run):
    result = run("list", "--topic", "t/\udcff\udcfe")
    assert result.exit_code == 64
    assert result.stderr == ("error: argument 3 is not UTF-8 text (byte 0xff): retype it, or convert it to UTF-8\n")


@pytest.mark.parametrize("address", [
    "postgresql://alice@127.0.0.1:1/claims?password=hunter2",
    "postgresql://alice@127.0.0.1:1/claims?sslmode=disable&password=hunter2&connect_timeout=1",
    "postgresql://alice:hunter2@127.0.0.1:1/claims",
])
def test_no_password_of_an_address_is_ever_printed(run, address):
    result = run("list", "--db", address)
    assert result.exit_code == 69 and "hunter2" not in result.output
    assert "***" in result.output and len(result.stderr.splitlines()) == 1


@file_only
def test_a_backup_that_fails_half_way_leaves_no_file_under_its_name(tmp_path, seeded, monkeypatch):
    database = open_db(seeded)

    class Killed(BaseException):
        pass

    real = sqlite3.Connection.backup

    def half(self, target, **kwargs):
        real(self, target, pages=1, progress=lambda *a: (_ for _ in ()).throw(Killed()))

    database.db.conn = _Wrapped(database.conn, half)
    with pytest.raises(Killed):
        storage.backup(database, str(tmp_path / "copy.db"))
    assert not (tmp_path / "copy.db").exists() and not list(tmp_path.glob(".copy.db*"))


class _Wrapped:
    """A connection whose backup is replaced (sqlite3.Connection's methods cannot be set)."""

    def __init__(self, conn, backup):
        self._conn, self._backup = conn, backup

    def backup(self, target, **kwargs):
        return self._backup(self._conn, target, **kwargs)

    def __getattr__(self, name):
        return getattr(self._conn, name)


@file_only
def test_serve_refuses_the_sql_functions_sqlite_calls_unsafe(seeded, tmp_path):
    datasette = pytest.importorskip("datasette.app")
    from claims.operations import serving

    plugins = serving.plugins_folder(str(tmp_path))
    app = datasette.Datasette([str(seeded)], plugins_dir=plugins)
    name = seeded.stem

    async def ask(sql):
        return await app.client.get(f"/{name}.json", params={"sql": sql, "_shape": "array"})

    for function in ("fts3_tokenizer('simple')", "load_extension('x')"):
        response = asyncio.run(ask(f"SELECT {function}"))
        assert response.status_code == 400 and "not authorized" in response.text, response.text
    assert asyncio.run(ask("SELECT count(*) AS n FROM claims")).json()[0]["n"] > 0


def test_the_serve_command_line_loads_the_hardening_plugin(tmp_path):
    from claims.operations import serving

    plugins = serving.plugins_folder(str(tmp_path))
    line = serving.command("c.db", "127.0.0.1", 8001, "m.json", plugins)
    assert line[line.index("--plugins-dir") + 1] == plugins
    assert sorted(os.listdir(plugins)) == ["datasette_hardening.py", "datasette_read_only.py"]
    assert creation.SUFFIX == ".creating"


# ---------------------------------------------------------------- team mode: roles on a server

needs_server = pytest.mark.skipif(not os.environ.get("CLAIMS_TEST_PG"), reason="CLAIMS_TEST_PG names no server")


@pytest.fixture
def team(server_schema):
    """A migrated base on the server and three login roles, one per claims role: their
    addresses (each in the test's schema), dropped after the test."""
    import uuid

    import psycopg

    open_db(server_schema).close()  # the owner (the test server's superuser) makes the schema
    suffix = uuid.uuid4().hex[:8]
    logins = {kind: f"t_{kind}_{suffix}" for kind in ("reader", "analyst", "owner")}
    with psycopg.connect(os.environ["CLAIMS_TEST_PG"], autocommit=True) as admin:
        for kind, login in logins.items():
            admin.execute(f"CREATE ROLE {login} LOGIN IN ROLE claims_{kind}")
    yield {kind: server_schema.replace("postgresql://postgres@", f"postgresql://{login}@", 1)
           for kind, login in logins.items()}
    with psycopg.connect(os.environ["CLAIMS_TEST_PG"], autocommit=True) as admin:
        for login in logins.values():
            admin.execute(f"DROP ROLE {login}")


def _as(address: str, sql: str, params=()):
    import psycopg

    with psycopg.connect(address, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall() if sql.lstrip().upper().startswith("SELECT") else \
            conn.execute(sql, params)


@needs_server
def test_an_analyst_writes_claims_but_can_only_add_history(run, team):
    import psycopg

    assert run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic",
               "--db", team["analyst"]).exit_code == 0
    claim = json.loads(run("list", "-f", "json", "--db", team["analyst"]).stdout)[0]["id"]
    assert run("rm", claim, "--why", "test", "--db", team["analyst"]).exit_code == 0  # marked, kept
    for sql in ("UPDATE history SET why = 'rewritten'", "DELETE FROM history", "TRUNCATE history",
                "DELETE FROM claims", "TRUNCATE claims"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _as(team["analyst"], sql)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a row in someone else's name
        _as(team["analyst"], "INSERT INTO history (entity, entity_id, action, at, who) "
                             "VALUES ('claim', 'x', 'edit', '2025-01-01', 'somebody')")
    assert run("check", "--db", team["reader"]).exit_code == 0
    _as(team["owner"].replace(team["owner"].split("@")[0], "postgresql://postgres", 1),
        "CREATE TABLE later (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text)")
    _as(team["analyst"], "INSERT INTO later (note) VALUES ('a table a later migration makes')")
    assert _as(team["reader"], "SELECT note FROM later") == [("a table a later migration makes",)]


@needs_server
def test_history_is_append_only_even_for_the_owner_and_claims_are_deleted_only_by_it(run, team):
    import psycopg

    run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic", "--db", team["owner"])
    before = _as(team["owner"], "SELECT * FROM history ORDER BY id")
    for sql in ("UPDATE history SET why = 'rewritten'", "DELETE FROM history"):
        try:  # row-level security leaves the owner role no row to change; the trigger refuses any
            _as(team["owner"], sql)
        except psycopg.errors.InsufficientPrivilege as error:
            assert "append-only" in str(error)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        _as(team["owner"], "TRUNCATE history")
    assert _as(team["owner"], "SELECT * FROM history ORDER BY id") == before
    _as(team["owner"], "DELETE FROM claims")
    assert _as(team["owner"], "SELECT count(*) FROM claims") == [(0,)]


@needs_server
def test_a_reader_cannot_take_the_writers_lock_nor_block_a_writer(run, team):
    import psycopg

    result = run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic",
                 "--db", team["reader"])
    assert result.exit_code == 1 and "may only read" in result.stderr and len(result.stderr.splitlines()) == 1
    with psycopg.connect(team["reader"]) as reader:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            reader.execute("LOCK TABLE claims_writer IN EXCLUSIVE MODE")
    with psycopg.connect(team["reader"]) as reader:
        reader.execute("SELECT pg_advisory_xact_lock(%s)", [0x636C61696D73])  # the lock before 006
        assert run("add", "6", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic",
                   "--db", team["analyst"]).exit_code == 0  # not blocked


@needs_server
def test_a_writer_held_past_the_wait_is_one_line_and_exit_75(run, team, monkeypatch):
    import psycopg

    from claims.storage import postgres

    monkeypatch.setattr(postgres, "LOCK_WAIT", 1)
    with psycopg.connect(team["analyst"]) as holder:
        holder.execute("LOCK TABLE claims_writer IN EXCLUSIVE MODE")
        result = run("add", "5", "--topic", "t/a", "--source", "S", "--source-type", "media", "--new-topic",
                     "--db", team["owner"])
    assert result.exit_code == 75 and "held the claims base for over 1 s" in result.stderr
    assert "role t_analyst_" in result.stderr and len(result.stderr.splitlines()) == 1


@needs_server
def test_a_connection_lost_under_a_read_is_made_again_and_in_a_write_is_one_line(run, team):
    import psycopg

    from claims.basics.errors import ServerUnavailable
    from claims.storage import store

    database = open_db(team["owner"])
    with psycopg.connect(os.environ["CLAIMS_TEST_PG"], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [database.conn.info.backend_pid])
    assert database.execute("SELECT count(*) FROM claims").fetchone()[0] == 0  # read again on a new connection
    with pytest.raises(ServerUnavailable, match="nothing of this command was written") as raised:
        with store.write(database):
            database.execute("INSERT INTO topics (key, created, updated) VALUES ('t/x', 'a', 'b')")
            with psycopg.connect(os.environ["CLAIMS_TEST_PG"], autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [database.conn.info.backend_pid])
            database.execute("SELECT 1")
    assert raised.value.exit_code == 69
    assert open_db(team["owner"]).execute("SELECT count(*) FROM topics").fetchone()[0] == 0


def test_a_file_on_a_read_only_file_system_is_served_immutable(monkeypatch):
    from claims.operations import serving
    from claims.storage import db as storage_db

    monkeypatch.setattr(storage_db, "on_read_only_place", lambda path: True)
    line = serving.command("c.db", "127.0.0.1", 8001, "m.json", "plugins")
    assert line[line.index("serve") + 1:line.index("serve") + 3] == ["-i", "c.db"]


def test_moving_removing_and_restoring_a_topics_claims_keeps_the_chain(run, seeded):
    """Bulk history (one entry per claim of a topic) is chained like any other entry."""
    assert run("topics", "rm", "pokrovsk/distance-to-front", "--why", "tidy", "--force").exit_code == 0
    assert run("topics", "restore", "pokrovsk/distance-to-front").exit_code == 0
    checked = run("check")
    assert checked.exit_code == 0, checked.stdout
    assert "history entry" not in checked.stdout


@needs_server
def test_an_upgrade_on_the_server_chains_the_history_already_there(server_schema):
    from claims.storage import queries
    from claims.storage.migrations import MIGRATIONS, POSTGRES_RECORD
    from claims.storage.postgres import PostgresEngine

    old = PostgresEngine(server_schema)  # a base at migration 005, with a history
    with old.transaction():
        old.executescript(POSTGRES_RECORD)
        for migration in MIGRATIONS[:5]:
            old.executescript(migration.postgres)
            old.execute("INSERT INTO claims_migrations (name, applied_at) VALUES (?, 'then')", [migration.name])
        for i in range(3):
            old.execute("INSERT INTO history (entity, entity_id, action, at, who) VALUES ('topic', ?, 'create', "
                        "'2025-01-01T00:00:00Z', 'old')", [str(i)])
    old.close()
    upgraded = open_db(server_schema)
    found, count, head = queries.history_chain(upgraded)
    assert found is None and count >= 3 and len(head) == 64
    upgraded.close()
