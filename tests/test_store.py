"""The store: migrations, database path, sources, claims, history."""

import sqlite3

import pytest
from conftest import count_rows

from claims.basics.errors import ClaimsError, NotFound
from claims.operations import recording
from claims.rules.models import new_claim
from claims.storage import queries
from claims.storage.db import open_db, resolve_path


def applied(database) -> list[str]:
    """The migrations SQLite's record (sqlite-utils' table) says this file has had, in order."""
    return [r[0] for r in database.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]


def test_migrations_build_a_blank_database_once(tmp_path):
    path = tmp_path / "fresh.db"
    database = open_db(path)
    tables = set(database.db.table_names())
    assert {"sources", "source_aliases", "topics", "claims", "history", "imports", "links"} <= tables
    assert applied(database) == [
        "001_initial", "002_verification", "003_removed_claims_index", "004_removed_claims_by_source",
        "005_views_and_search", "006_history_chain", "007_clusters_and_snapshots", "009_claim_likelihood",
        "010_topic_removal_and_hedge_bands", "012_sources_that_copy", "013_same_figure_index"]
    database.close()
    again = open_db(path)
    assert len(applied(again)) == 11 and again.pending_migrations() == []
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_database_path_prefers_flag_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "env.db"))
    assert resolve_path(tmp_path / "flag.db") == str(tmp_path / "flag.db")
    assert resolve_path(None) == str(tmp_path / "env.db")
    monkeypatch.delenv("CLAIMS_DB")
    assert resolve_path(None) == str(tmp_path / "data" / "claims" / "claims.db")


def test_source_names_are_unique_ignoring_case(db):
    recording.add_source(db, "DeepState", type="monitoring_group", aliases=["DeepStateMap"])
    with pytest.raises(ClaimsError, match="already exists"):
        recording.add_source(db, "deepstate", type="media")
    assert queries.find_source(db, "DEEPSTATEMAP")["name"] == "DeepState"


def test_unknown_source_needs_a_type(db):
    claim = new_claim(topic="t", source="Nobody", figure="3 km")
    with pytest.raises(ClaimsError, match="unknown source 'Nobody'"):
        recording.add_claim(db, claim)
    assert count_rows(db, "claims") == 0 and count_rows(db, "sources") == 0 and count_rows(db, "topics") == 0


def test_claim_keeps_figure_source_and_relays(db):
    claim = new_claim(topic="pokrovsk/soldiers", source="Vitalii Lytvyn", source_type="official", side="ua",
                    figure="300 to 400 Russian soldiers daily", via=["UNIAN", "Euromaidan Press"])
    claim_id = recording.add_claim(db, claim)["id"]
    row = queries.get_claim(db, claim_id)
    read = (row["low"], row["value"], row["high"], row["unit"], row["qualifier"])
    assert read == (300, 350, 400, "soldiers/day", "range")
    assert row["via"] == ["UNIAN", "Euromaidan Press"]
    assert row["admiralty"] == "F6"
    topic = queries.get_topic(db, "pokrovsk/soldiers")
    assert (topic["unit"], topic["kind"]) == ("soldiers/day", "rate")


def test_claim_without_a_number_is_first_class(db):
    claim = new_claim(topic="pokrovsk/outskirts", source="Yuri Podolyaka", source_type="milblogger",
                    quote="recon units reached the outskirts")
    row = queries.get_claim(db, recording.add_claim(db, claim)["id"])
    assert row["value"] is None and row["figure"] is None and row["quote"] == "recon units reached the outskirts"


def test_every_edit_leaves_history(db):
    claim_id = recording.add_claim(db, new_claim(topic="t", source="S", source_type="media", figure="3 km"))["id"]
    recording.edit_claim(db, claim_id, {"figure": "4 km", "status": "disputed"}, why="new map")
    trail = queries.claim_history(db, claim_id)
    assert [(h["action"], h["field"], h["old"], h["new"], h["why"]) for h in trail] == [
        ("create", None, None, "3 km", None),
        ("edit", "figure", "3 km", "4 km", "new map"),
        ("edit", "status", "unverified", "disputed", "new map"),
    ]
    assert queries.get_claim(db, claim_id)["value"] == 4


def test_edit_that_changes_nothing_writes_nothing(db):
    claim_id = recording.add_claim(db, new_claim(topic="t", source="S", source_type="media", figure="3 km"))["id"]
    recording.edit_claim(db, claim_id, {"figure": "3 km"}, why="same")
    assert len(queries.claim_history(db, claim_id)) == 1


def test_remove_and_restore(db):
    claim_id = recording.add_claim(db, new_claim(topic="t", source="S", source_type="media", figure="3 km"))["id"]
    recording.remove_claim(db, claim_id, why="duplicate")
    assert queries.list_claims(db) == []
    assert [c["id"] for c in queries.list_claims(db, deleted=True)] == [claim_id]
    recording.restore_claim(db, claim_id)
    assert [c["id"] for c in queries.list_claims(db)] == [claim_id]
    assert [h["action"] for h in queries.claim_history(db, claim_id)] == ["create", "remove", "restore"]


def test_ids_resolve_by_unique_prefix(db):
    recording.add_claim(db, new_claim(id="abc123", topic="t", source="S", source_type="media"))
    recording.add_claim(db, new_claim(id="abd456", topic="t", source="S"))
    assert queries.resolve_id(db, "abc") == "abc123"
    with pytest.raises(ClaimsError, match="ambiguous"):
        queries.resolve_id(db, "ab")
    with pytest.raises(NotFound, match="unknown claim id 'zz'"):
        queries.resolve_id(db, "zz")


def test_topic_unit_cannot_mix_dimensions(db):
    recording.add_claim(db, new_claim(topic="t", source="S", source_type="media", figure="3 km"))
    with pytest.raises(ClaimsError, match="cannot compare soldiers .* with topic 't', measured in km"):
        recording.add_claim(db, new_claim(topic="t", source="S", figure="300 soldiers"))


def test_topic_without_figures_takes_unit_of_first_figure(db):
    recording.add_claim(db, new_claim(topic="t", source="S", source_type="media", quote="no number"))
    assert queries.get_topic(db, "t")["unit"] is None
    recording.add_claim(db, new_claim(topic="t", source="S", figure="5 tanks"))
    topic = queries.get_topic(db, "t")
    assert (topic["unit"], topic["kind"]) == ("tanks", "cumulative")


def test_numbers_without_text_are_accepted_ucdp_style(db):
    row = queries.get_claim(db, recording.add_claim(db, new_claim(topic="t", source="UCDP", source_type="ngo",
                                                          low=10, value=12, high=20, unit="people"))["id"])
    assert (row["low"], row["value"], row["high"], row["qualifier"], row["unit"]) == (10, 12, 20, "range", "people")


def test_numbers_that_disagree_with_the_figure_text_are_refused(db):
    with pytest.raises(ClaimsError, match="reads as value 3, not 5"):
        recording.add_claim(db, new_claim(topic="t", source="S", source_type="media", figure="3 km", value=5))


def test_a_blank_database_has_exactly_the_schema_on_file():
    """The migrations build this schema and no other (tests/data/schema.sql): a change to it
    is a new migration, and this file changes with it, in the same commit."""
    from pathlib import Path

    database = open_db(":memory:")
    rows = database.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name").fetchall()
    built = "".join(f"-- {kind} {name}\n{sql.strip()};\n\n" for kind, name, sql in rows).rstrip("\n") + "\n"
    expected = (Path(__file__).resolve().parent / "data" / "schema.sql").read_text(encoding="utf-8")
    assert built == expected


def test_a_script_is_cut_into_whole_statements():
    """Scripts run inside a transaction statement by statement (`sqlite.statements`): cut at a
    ";" only where a statement is complete, never inside a quote, a comment or a trigger."""
    from claims.storage.migrations import MIGRATIONS
    from claims.storage.sqlite import statements

    tricky = ("CREATE TABLE t(a); INSERT INTO t VALUES ('x;y'); -- a comment; with a semicolon\n"
              "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t VALUES (1); SELECT ';'; END;\n"
              "INSERT INTO t VALUES (2)")
    assert list(statements(tricky)) == [
        "CREATE TABLE t(a);", "INSERT INTO t VALUES ('x;y');",
        "-- a comment; with a semicolon\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t VALUES (1); "
        "SELECT ';'; END;", "INSERT INTO t VALUES (2);"]
    for script in [m.sqlite for m in MIGRATIONS if isinstance(m.sqlite, str)]:
        cut = list(statements(script))
        assert all(sqlite3.complete_statement(s) for s in cut)
        squeezed = "".join(cut).replace(" ", "").replace("\n", "").rstrip(";")
        assert squeezed == script.replace(" ", "").replace("\n", "").rstrip(";")  # nothing lost, nothing added
