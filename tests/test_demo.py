"""The demo and the fixtures: every seed claim is there and comparable."""

import json

from conftest import dump

from claims.operations import demo
from claims.storage.db import open_db


def test_demo_shows_claims_comparison_and_conflicts(run, db_path):
    result = run("demo")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"database: {db_path}; loaded 20 claims" in out
    assert "claims from the two seed articles, by topic" in out
    assert "pokrovsk/distance-to-front in km (level)" in out
    assert "conflicts (1 pair, tolerance 10%): s0c01 vs s0c02 (x1.864)" in out
    assert "topics with conflicting claims" in out
    assert "beside the claims stored from it" in out and "s1c09" in out


def test_demo_twice_changes_nothing(run, db_path):
    run("demo")
    before = dump(db_path)
    second = run("demo")
    assert second.exit_code == 0
    assert "loaded 0 claims (20 already there), 0 new sources" in second.stdout
    assert dump(db_path) == before


def test_demo_never_alters_the_users_own_source_or_claims(run, db_path):
    run("sources", "add", "DeepState", "--type", "media", "--side", "none", "--reliability", "B")
    mine = run("add", "--topic", "mine", "--source", "DeepState", "7 km").stdout.strip()
    assert run("demo").exit_code == 0
    source = json.loads(run("sources", "show", "DeepState", "-f", "json").stdout)[0]
    assert (source["type"], source["side"], source["reliability"]) == ("media", "none", "B")
    assert json.loads(run("show", mine, "-f", "json").stdout)[0]["value"] == 7


def test_fixtures_hold_every_seed_figure(tmp_path):
    database = open_db(tmp_path / "f.db")
    demo.load(database)
    rows = {r["id"]: r for r in json.loads(json.dumps(list(database.query(
        "SELECT c.id, t.key, s.name, c.value, c.low, c.high, c.unit, c.qualifier, c.via, c.base_value "
        "FROM claims c JOIN topics t ON t.id = c.topic_id JOIN sources s ON s.id = c.source_id"))))}
    expect = {
        "s0c01": ("battlefield reports", 1, None, 1, "mi", "within"),
        "s0c02": ("DeepState", 3, 3, 3, "km", "exact"),
        "s0c04": ("unnamed outlet of seed article 000", 3, 3, 3, "mi", "about"),
        "s0c06": ("Nazar Voloshyn", 2, 2, 2, "positions", "exact"),
        "s0c07": ("Nazar Voloshyn", 1, 1, 1, "positions", "exact"),
        "s0c10": ("Andrei Ivanayev", 300, 300, 300, "km2/month", "exact"),
        "s1c01": ("Vitalii Lytvyn", 400, 400, 400, "soldiers/day", "exact"),
        "s1c02": ("Vitalii Lytvyn", 350, 300, 400, "soldiers/day", "range"),
        "s1c03": ("Vitalii Lytvyn", 30, None, 30, "mortar systems/month", "at_most"),
        "s1c04": ("unattributed reports", 75, 75, 75, "%", "exact"),
        "s1c05": ("unattributed reports", 90, 90, 90, "%", "exact"),
        "s1c06": ("Viktor Trehubov", 38, 38, 38, "attacks/day", "exact"),
    }
    for claim_id, (source, value, low, high, unit, qualifier) in expect.items():
        row = rows[claim_id]
        assert (row["name"], row["value"], row["low"], row["high"], row["unit"], row["qualifier"]) == \
            (source, value, low, high, unit, qualifier), claim_id
    assert rows["s0c03"]["value"] is None and rows["s0c03"]["name"] == "Yuri Podolyaka"
    assert json.loads(rows["s1c02"]["via"]) == ["UNIAN", "Euromaidan Press"]
    assert abs(rows["s0c01"]["base_value"] - 1609.344) < 1e-9
