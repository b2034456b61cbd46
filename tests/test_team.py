"""Team mode: the same commands give the same answers on a shared PostgreSQL base as on the
SQLite file, writes keep their rules, and the history names the server's role.

The tests that need a server run when CLAIMS_TEST_PG gives one's address (`.ci/run` starts
a throwaway server and sets it); each test works in a schema of its own, dropped after.
"""

import json
import os
import re

import pytest

from claims.basics.errors import ClaimsError
from claims.operations import recording
from claims.storage import postgres
from claims.storage.db import open_db

SERVER = os.environ.get("CLAIMS_TEST_PG")
needs_server = pytest.mark.skipif(not SERVER, reason="CLAIMS_TEST_PG names no PostgreSQL server")


@pytest.fixture
def pg(server_schema):
    """The address of an empty schema of its own on the test server."""
    return server_schema


# ---------------------------------------------------------------- without a server

@pytest.mark.parametrize("sql, expected", [
    ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = %s AND b = %s"),
    ("VALUES (:key, :title)", "VALUES (%(key)s, %(title)s)"),
    ("SELECT '?', 'a:b', '5%' WHERE x = ?", "SELECT '?', 'a:b', '5%%' WHERE x = %s"),
    ('SELECT "odd?name" FROM t WHERE x LIKE ?', 'SELECT "odd?name" FROM t WHERE x LIKE %s'),
    ("SELECT CAST(x AS text)::text, y % 2", "SELECT CAST(x AS text)::text, y %% 2"),
    ("SELECT 'it''s ?' , ?", "SELECT 'it''s ?' , %s"),
])
def test_parameters_are_turned_into_psycopg_style_outside_quotes(sql, expected):
    assert postgres.placeholders(sql) == expected


def test_an_address_is_told_from_a_file():
    assert postgres.is_address("postgresql://h/claims") and postgres.is_address("postgres://h/claims")
    assert not postgres.is_address("postgres.db") and not postgres.is_address("claims.db")


def test_a_password_in_an_address_is_never_printed():
    assert postgres.redacted("postgresql://alice:s3cret@host/claims") == "postgresql://alice:***@host/claims"
    assert postgres.redacted("postgresql://alice@host/claims") == "postgresql://alice@host/claims"


def test_without_the_driver_the_error_names_the_pip_command(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name == "psycopg":
            raise ImportError("no psycopg")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(ClaimsError, match=r"pip install 'claims\[team\]'"):
        open_db("postgresql://127.0.0.1:1/claims")


def test_an_unreachable_server_is_one_line_with_the_password_hidden(run):
    result = run("list", "--db", "postgresql://alice:s3cret@127.0.0.1:1/claims")
    assert result.exit_code == 69  # EX_UNAVAILABLE: the server, not the command, is at fault
    assert "cannot connect to postgresql://alice:***@127.0.0.1:1/claims" in result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- on a server

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

# Each step's output is compared between the engines, after the parts that differ by nature
# (timestamps, new ids, who wrote, where the database is) are set alike.
SCENARIO = [
    ["demo"],
    ["list", "-f", "json"],
    ["show", "s0c02", "-f", "json"],
    ["compare", "pokrovsk/distance-to-front", "-f", "json"],
    ["add", "--topic", "pokrovsk/distance-to-front", "--source", "deepstate", "2.5 km", "--as-of", "2025-01-04"],
    ["add", "--topic", "pokrovsk/distance-to-frnt", "--source", "DeepState", "2 km"],
    ["verify", "s0c02", "--status", "confirmed", "--note", "geolocated", "--evidence", "https://example.org/a"],
    ["edit", "s0c03", "--quote", "Recon units reached the outskirts?", "--why", "typo"],
    ["link", "s0c01", "s0c02", "--as", "contradicts", "--note", "1 mile vs 3 km"],
    ["rm", "s1c05", "--why", "entered twice"],
    ["restore", "s1c05", "--why", "it was not a duplicate"],
    ["rm", "s1c06", "--why", "withdrawn"],
    ["sources", "add", "Example Monitor", "--type", "monitoring_group", "--alias", "EXM"],
    ["sources", "add", "example monitor", "--type", "media"],
    ["sources", "edit", "EXM", "--reliability", "B", "--why", "track record"],
    ["sources", "list", "-f", "json"],
    ["sources", "show", "DeepState", "-f", "json"],
    ["sources", "rank", "-f", "json"],
    ["topics", "list", "-f", "json"],
    ["topics", "show", "pokrovsk/distance-to-front", "-f", "json"],
    ["list", "--source", "DEEPSTATE", "--since", "2025-01", "-f", "json"],
    ["list", "--removed", "-f", "csv"],
    ["compare", "pokrovsk/distance-to-front", "--policy", "truth", "-f", "json"],
    ["learn"],
    ["compare", "pokrovsk/distance-to-front", "--policy", "truth", "-f", "json"],
    ["add", "--topic", "pokrovsk/distance-to-front", "--source", "DeepState", "1.5 km", "--as-of", "2025-02-10"],
    ["compare", "pokrovsk/distance-to-front", "--over-time", "-f", "json"],
    ["conflicts", "-f", "json"],
    ["history", "-f", "json"],
    ["history", "s0c02", "-f", "json"],
    ["export", "-f", "csv"],
    ["export", "-f", "claimreview"],
    ["check"],
]


def _same_across(text: str, where: str, new_ids: list[str]) -> str:
    text = STAMP.sub("<time>", text.replace(where, "<db>")).replace("created database <db>\n", "")
    text = re.sub(r'"who": "[^"]*"', '"who": "<who>"', text)
    text = re.sub(r"chain head: [0-9a-f]{64}", "chain head: <hash of times and names>", text)
    text = re.sub(r"warning: (synchronous_commit|no synchronous standby).*\n", "", text)  # tested on its own
    for n, claim_id in enumerate(new_ids):
        text = text.replace(claim_id, f"<new {n}>")
    return text


def _play(run, where: str) -> list[tuple]:
    outputs, new_ids = [], []
    for step in SCENARIO:
        result = run(*step, "--db", where)
        if step[0] == "add" and result.exit_code == 0:
            new_ids.append(result.stdout.strip())
        outputs.append((step, result.exit_code, _same_across(result.output, where, new_ids)))
    return outputs


@needs_server
def test_every_command_answers_the_same_on_both_engines(run, pg, tmp_path):
    on_file = _play(run, str(tmp_path / "team.db"))
    on_server = _play(run, pg)
    for (step, code, text), (_, server_code, server_text) in zip(on_file, on_server):
        assert (step, server_code) == (step, code), server_text
        assert server_text.splitlines() == text.splitlines(), step
    assert [code for _, code, _ in on_file].count(0) == len(SCENARIO) - 2  # the typo and the near name


@needs_server
def test_the_history_names_the_role_the_server_authenticated(run, pg):
    run("demo", "--db", pg)
    run("rm", "s0c01", "--why", "test", "--db", pg)
    import psycopg

    with psycopg.connect(SERVER) as conn:
        role = conn.execute("SELECT current_user").fetchone()[0]
    rows = json.loads(run("history", "-f", "json", "--db", pg).stdout)
    assert {row["who"] for row in rows} == {role}


@needs_server
def test_a_read_never_writes_and_refuses_a_base_without_a_schema(run, pg):
    result = run("list", "--db", pg)
    assert result.exit_code == 1
    assert result.output.startswith("error: no claims base at postgresql://")
    assert result.output.endswith("`claims demo`, `claims add` or `claims import` makes one\n")
    run("demo", "--db", pg)
    database = open_db(pg, read_only=True)
    with pytest.raises(ClaimsError, match="only reads"):
        database.execute("CREATE TABLE t (x integer)")
    database.close()


@needs_server
def test_a_failed_write_leaves_the_base_as_it_was(run, pg, tmp_path):
    run("demo", "--db", pg)
    before = run("export", "-f", "jsonl", "--db", pg).stdout
    bad = tmp_path / "bad.jsonl"
    good = json.loads(before.splitlines()[0])
    rows = [{**good, "id": "new-1"}, {**good, "id": "new-2", "as_of": "not a date"}]
    bad.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("import", str(bad), "--db", pg)
    assert result.exit_code == 1 and "line 2: field as_of" in result.output
    assert run("export", "-f", "jsonl", "--db", pg).stdout == before


@needs_server
def test_import_moves_a_personal_base_in_with_ids_kept_and_twice_changes_nothing(run, pg, seeded, tmp_path):
    exported = tmp_path / "mine.jsonl"
    run("export", "-f", "jsonl", "-o", exported)
    first = run("import", exported, "--db", pg)
    assert first.exit_code == 0, first.output
    second = run("import", exported, "--db", pg)
    assert second.exit_code == 0, second.output
    assert run("export", "-f", "jsonl", "--db", pg).stdout == exported.read_text()


@needs_server
def test_backup_writes_a_normal_claims_file_from_one_snapshot(run, pg, tmp_path):
    run("demo", "--db", pg)
    run("verify", "s0c02", "--status", "confirmed", "--note", "seen", "--db", pg)
    copy = tmp_path / "field.db"
    result = run("backup", copy, "--db", pg)
    assert result.exit_code == 0, result.output
    for command in (["export", "-f", "jsonl"], ["history", "-f", "json"], ["sources", "list", "-f", "json"]):
        assert run(*command, "--db", copy).stdout == run(*command, "--db", pg).stdout
    assert run("check", "--db", copy).exit_code == 0


@needs_server
def test_check_warns_when_acknowledged_writes_could_be_lost(run, pg):
    run("demo", "--db", pg)
    result = run("check", "--db", pg)
    assert result.exit_code == 0
    # the throwaway test server has no synchronous standby
    assert "warning: no synchronous standby" in result.output


@needs_server
def test_writers_take_turns(pg):
    """Two connections writing at once: the second waits for the first's transaction (the
    writer lock), so a read-check-write rule such as 'no two sources of one name' holds."""
    import threading

    from claims.storage import store

    first, second = open_db(pg), open_db(pg)
    results = []
    with store.write(first):
        recording.add_source(first, "Same Name", type="media")

        def other():
            try:
                recording.add_source(second, "same name", type="media")
                results.append("added")
            except ClaimsError as error:
                results.append(str(error))

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # waiting on the writer lock
    thread.join(10)
    assert results == ["source 'same name' already exists"]
    first.close()
    second.close()


@needs_server
def test_serve_says_how_to_browse_a_shared_base(run, pg):
    run("demo", "--db", pg)
    result = run("serve", "--db", pg)
    assert result.exit_code == 1
    assert result.output == ("error: Datasette serves SQLite files: "
                             "`claims backup FILE` copies the shared base into one\n")


def _failing_first(monkeypatch, message: str, then=None) -> list:
    import psycopg

    calls = []

    def connect(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1 or then is None:
            raise psycopg.OperationalError(message)
        return then(*args, **kwargs)

    monkeypatch.setattr(postgres, "FAILOVER_PAUSE", 0)
    monkeypatch.setattr(psycopg, "connect", connect)
    return calls


def test_a_server_that_refuses_is_not_tried_again(monkeypatch):
    calls = _failing_first(monkeypatch, "connection to server at 127.0.0.1, port 1 failed: Connection refused")
    with pytest.raises(ClaimsError, match="Connection refused"):
        open_db("postgresql://127.0.0.1:1/claims")
    assert len(calls) == 1


@needs_server
def test_a_cluster_between_primaries_is_tried_once_more(monkeypatch, pg):
    import psycopg

    calls = _failing_first(monkeypatch, 'connection to server at "h1" failed: session is read-only', psycopg.connect)
    database = open_db(pg)
    assert len(calls) == 2 and database.execute("SELECT 1").fetchone()[0] == 1
    database.close()


@needs_server
def test_a_connection_lost_between_writes_is_made_again(pg):
    import psycopg


    database = open_db(pg)
    with psycopg.connect(SERVER, autocommit=True) as admin:  # as a failover or a restart would
        admin.execute("SELECT pg_terminate_backend(%s)", [database.conn.info.backend_pid])
    recording.add_source(database, "After Failover", type="media")
    assert open_db(pg).execute("SELECT count(*) FROM sources").fetchone()[0] == 1
