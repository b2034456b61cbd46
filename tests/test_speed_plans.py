"""The queries behind `list` filters, `compare` and `conflicts` use indexes, not table scans.

Timings are for benchmarks/; this only reads SQLite's own query plans, on a database with
enough rows for the planner to choose as it would for a user: once as `claims import`
leaves it, and once after ANALYZE (which a user may run, or a tool such as Datasette's),
since statistics change the planner's choices.
"""

import shutil
import sys
from pathlib import Path

import pytest

from claims.operations import importing
from claims.storage import queries
from claims.storage.db import open_db
from claims.storage.dialect import SQLITE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    data = folder / "rows.jsonl"
    generate.write_jsonl(data, 5000, topics=300, sources=200, big=500)
    database = open_db(folder / "plans.db")
    importing.import_claims(database, str(data))
    database.close()
    return folder / "plans.db"


@pytest.fixture(scope="module", params=["fresh", "analyzed"])
def big(request, imported, tmp_path_factory):
    path = tmp_path_factory.mktemp(request.param) / "plans.db"
    shutil.copy(imported, path)
    database = open_db(path)
    if request.param == "analyzed":
        database.execute("ANALYZE")
    yield database
    database.close()


def plan(database, sql, params) -> str:
    return " | ".join(row[3] for row in database.execute("EXPLAIN QUERY PLAN " + sql, params))


def list_plan(database, **filters) -> str:
    seen = []
    database.db._tracer = lambda sql, params: seen.append((sql, params))
    try:
        queries.list_claims(database, **filters)
    finally:
        database.db._tracer = None
    sql, params = next((s, p) for s, p in reversed(seen) if "FROM claims c" in s)
    return plan(database, sql, params)


@pytest.mark.parametrize("filters,index", [
    ({"topic": "big/losses-per-day"}, "claims_topic"),
    ({"source": "source 00003"}, "claims_source"),
    ({"type": "official"}, "claims_source"),
    ({"side": "ru"}, "claims_source"),
    ({"status": "refuted"}, "claims_status"),
    ({"since": "2024-11-01"}, "claims_dated"),
    ({"until": "2022-03-01"}, "claims_dated"),
])
def test_list_filters_use_an_index(big, filters, index):
    query_plan = list_plan(big, **filters)
    assert index in query_plan, query_plan
    assert "SCAN c" not in query_plan.replace(f"SCAN c USING INDEX {index}", ""), query_plan


def test_compare_reads_one_topic_through_its_index(big):
    topic_id = big.execute("SELECT id FROM topics WHERE key = 'big/losses-per-day'").fetchone()[0]
    query_plan = plan(big, queries.claims_sql(SQLITE), {"topic": topic_id, "factor": 1.0})
    assert "SEARCH c USING INDEX claims_topic (topic_id=?)" in query_plan
    assert "TEMP B-TREE" not in query_plan  # the index already gives the order


def test_conflicts_reaches_claims_only_through_indexes(big):
    query_plan = plan(big, queries.current_claims_sql(SQLITE), ["-6 days"])
    # each topic's latest date from the topic index alone, removed claims from their own index
    assert "SCAN claims USING COVERING INDEX claims_topic" in query_plan
    assert "SCAN claims USING INDEX claims_removed" in query_plan
    assert "SEARCH c USING INDEX claims_topic (topic_id=?)" in query_plan
    scans = [step for step in query_plan.split(" | ") if step.startswith(("SCAN claims", "SCAN c "))]
    assert all("INDEX" in line for line in scans), query_plan


def test_sources_list_counts_claims_from_indexes_alone(big):
    seen = []
    big.db._tracer = lambda sql, params: seen.append((sql, params))
    try:
        rows = queries.list_sources(big, limit=5)
    finally:
        big.db._tracer = None
    sql, params = next((s, p) for s, p in reversed(seen) if "FROM sources s" in s)
    query_plan = plan(big, sql, params)
    # a source's live claims: all of them from the covering source index, less its removed ones
    assert "SEARCH c USING COVERING INDEX claims_source (source_id=?)" in query_plan, query_plan
    assert "SEARCH c USING INDEX claims_removed_by_source (source_id=?)" in query_plan, query_plan
    live = big.execute("SELECT count(*) FROM claims c JOIN sources s ON s.id = c.source_id "
                       "WHERE s.name = ? AND c.deleted_at IS NULL", [rows[0]["name"]]).fetchone()[0]
    assert rows[0]["claims"] == live


def traced_plans(database, operation) -> list[str]:
    """The plan of every statement an operation runs that reads claims."""
    seen = []
    database.db._tracer = lambda sql, params: seen.append((sql, params))
    try:
        operation()
    finally:
        database.db._tracer = None
    return [plan(database, sql, params) for sql, params in seen
            if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


def full_scans(query_plan: str) -> list[str]:
    """Steps that read every row of a table: claims, sources or topics (links, an analyst's
    hand work, may be walked)."""
    return [step for step in query_plan.split(" | ")
            if step.startswith("SCAN ") and "INDEX" not in step and step.split()[1] not in ("l", "links")]


@pytest.mark.parametrize("key", ["big/losses-per-day", "area-0/topic-9"])
def test_compare_never_scans_the_claims(big, key):
    """Every statement of `compare`, links and context included: the planner once took the
    links query round on an ANALYZEd database and scanned every claim (56-127x the fetch)."""
    from claims.operations import compare

    plans = traced_plans(big, lambda: compare.compare(big, key))
    assert plans
    for query_plan in plans:
        assert not full_scans(query_plan), query_plan


def test_links_of_a_topic_walk_the_links_and_look_claims_up_by_id(big):
    topic_id = big.execute("SELECT id FROM topics WHERE key = 'area-0/topic-9'").fetchone()[0]
    seen = []
    big.db._tracer = lambda sql, params: seen.append((sql, params))
    try:
        queries.links_of_topic(big, topic_id)
    finally:
        big.db._tracer = None
    query_plan = plan(big, *seen[-1])
    assert query_plan.startswith("SCAN l"), query_plan
    assert "SEARCH a USING INDEX sqlite_autoindex_claims_1 (id=?)" in query_plan, query_plan
    assert "SEARCH b USING INDEX sqlite_autoindex_claims_1 (id=?)" in query_plan, query_plan
