"""Reports people look at: the charts, the dossier, the timeline's series, and the database
as Datasette shows it (its views, its search, the `serve` command)."""

import json
import sqlite3

import pytest

from claims.operations import compare, serving
from claims.output import charts
from claims.storage.db import open_db


def test_a_chart_writes_names_as_text_never_as_markup_or_maths(run, seeded):
    run("add", "--topic", "pokrovsk/distance-to-front", "--source", "<script>x</script> $a^2$ & Co",
        "--source-type", "media", "2 km", "--as-of", "2025-01-03")
    svg = charts.svg(charts.intervals(compare.compare(open_db(seeded, read_only=True, create=False),
                                                      "pokrovsk/distance-to-front")))
    assert svg.startswith("<svg") and "<script" not in svg and "<metadata" not in svg
    assert "&lt;script&gt;x&lt;/script&gt; $a^2$ &amp; Co" in svg


def test_the_dossier_holds_every_part(run, seeded, tmp_path):
    path = tmp_path / "d.html"
    result = run("report", "pokrovsk/distance-to-front", "pokrovsk/russian-soldiers-eliminated-per-day", "-o", path)
    assert result.exit_code == 0 and result.stderr == f"wrote a dossier of 2 topics to {path}\n"
    page = path.read_text(encoding="utf-8")
    for part in ('id="t-pokrovsk-distance-to-front"', 'id="sources"', 'id="method"', "STANAG 2511", "Airwars",
                 "UCDP low / best / high", "<svg"):
        assert part in page, part
    assert "<script" not in page and page.count("<svg") == 2


def test_a_report_needs_topics_or_conflicts_and_an_output_file(run, seeded, tmp_path):
    assert run("report", "-o", tmp_path / "d.html").stderr == (
        "error: name the topics to report on, or give --conflicts for every conflicting one\n")
    assert run("report", "pokrovsk/distance-to-front").exit_code == 2
    conflicts = run("report", "--conflicts", "-o", tmp_path / "c.html")
    assert conflicts.exit_code == 0 and "pokrovsk/distance-to-front" in (tmp_path / "c.html").read_text()


def test_the_timeline_gives_each_source_and_official_over_floor(db):
    from claims.rules.models import new_claim
    from claims.storage import store

    for week in range(3):
        day = f"2025-01-{1 + 7 * week:02d}"
        for source, kind, figure in (("General Staff", "official", f"{1000 + 100 * week} tanks"),
                                     ("Oryx", "monitoring_group", f"at least {400 + 50 * week} tanks")):
            store.add_claim(db, new_claim(topic="tanks", source=source, source_type=kind, figure=figure, as_of=day),
                            new_topic=True)
    result = compare.over_time(db, "tanks")
    assert [s["source"] for s in result["series"]] == ["General Staff", "Oryx"]
    assert result["series"][1]["points"][0] == {"date": "2025-01-01", "low": 400, "value": 400, "high": None}
    assert result["official_over_floor"] == [
        {"date": "2025-01-01", "ratio": 2.5}, {"date": "2025-01-08", "ratio": 2.444},
        {"date": "2025-01-15", "ratio": 2.4}]


# ---------------------------------------------------------------- the database as Datasette shows it

@pytest.mark.file_only
def test_the_readable_view_gives_figures_in_the_topics_unit(seeded):
    conn = sqlite3.connect(seeded)
    conn.row_factory = sqlite3.Row
    row = conn.execute("SELECT * FROM claims_readable WHERE id = 's0c01'").fetchone()
    assert (row["topic"], row["source"], row["admiralty"], row["low"], row["unit"]) == (
        "pokrovsk/distance-to-front", "battlefield reports", "F6", None, "km")
    assert row["best"] == pytest.approx(1.609344)
    topics = [r[0] for r in conn.execute("SELECT topic FROM topics_in_conflict")]
    assert topics == ["pokrovsk/distance-to-front"]


@pytest.mark.file_only  # quote search is SQLite's FTS5
def test_search_over_quotes_follows_every_change(run, seeded):
    def found(words):
        conn = sqlite3.connect(seeded)
        return [r[0] for r in conn.execute(
            "SELECT c.id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid WHERE claims_fts MATCH ?",
            [words])]

    assert found("satellite imagery") == ["s0c01"]
    run("edit", "s0c01", "--quote", "a grainy video", "--why", "better source")
    assert found("satellite imagery") == [] and found("grainy") == ["s0c01"]


def test_serve_says_how_to_add_datasette_when_it_is_missing(run, seeded, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a))
    result = run("serve")
    assert result.exit_code == 1
    assert result.stderr == "error: claims serve needs Datasette: pip install 'claims[serve]'\n"


def test_serve_refuses_a_database_that_does_not_exist(run, tmp_path):
    pytest.importorskip("datasette")
    result = run("serve", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and result.stderr.startswith(f"error: no database at {tmp_path / 'none.db'}")


def test_datasette_is_told_titles_search_and_queries_and_listens_on_loopback():
    meta = serving.metadata("claims")["databases"]["claims"]
    assert meta["tables"]["claims_readable"]["fts_table"] == "claims_fts"
    assert "source_record" in meta["queries"] and json.dumps(meta)
    line = serving.command("c.db", "127.0.0.1", 8001, "m.json", "plugins")
    assert line[line.index("--host") + 1] == "127.0.0.1" and "--metadata" in line


def test_a_timeline_of_one_day_spans_a_week_without_a_warning():
    import warnings

    from matplotlib.dates import num2date

    point = {"date": "2025-01-03", "low": 1.0, "value": 2.0, "high": 3.0}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's complaint would reach the analyst's terminal
        figure = charts.timeline([{"source": "A", "points": [point]}],
                                 [{"end": "2025-01-03", "low": 1.0, "value": 2.0, "high": 3.0}], "km")
        charts.svg(figure)
    left, right = (num2date(x).date().isoformat() for x in figure.axes[0].get_xlim())
    assert (left, right) == ("2024-12-31", "2025-01-07")
