"""Reports people look at: the charts, the dossier, the timeline's series, and the database
as Datasette shows it (its views, its search, the `serve` command)."""

import json
import re
import sqlite3

import pytest
from openpyxl import load_workbook

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
    from claims.operations import recording
    from claims.rules.models import new_claim

    for week in range(3):
        day = f"2025-01-{1 + 7 * week:02d}"
        for source, kind, figure in (("General Staff", "official", f"{1000 + 100 * week} tanks"),
                                     ("Oryx", "monitoring_group", f"at least {400 + 50 * week} tanks")):
            recording.add_claim(db, new_claim(topic="tanks", source=source, source_type=kind, figure=figure, as_of=day),
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


def test_a_request_that_would_write_is_refused_with_405_before_datasette_sees_it():
    import asyncio

    pytest.importorskip("datasette")
    from claims.operations.datasette_read_only import refuse_writes

    reached, sent = [], []

    async def datasette_app(scope, receive, send):
        reached.append(scope["method"])

    async def record(message):
        sent.append(message)

    app = refuse_writes(datasette_app)
    for method in ("POST", "PUT", "PATCH", "DELETE", "GET", "HEAD"):
        asyncio.run(app({"type": "http", "method": method}, None, record))
    assert reached == ["GET", "HEAD"]
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [405] * 4
    assert sent[1]["body"].startswith(b"405 Method Not Allowed: this claims base is served read-only")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answer(url: str, method: str = "GET") -> int:
    import urllib.error
    import urllib.request

    try:
        return urllib.request.urlopen(urllib.request.Request(url, method=method, data=b"" if method == "POST"
                                                             else None), timeout=2).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
@pytest.mark.file_only  # Datasette serves SQLite files
@pytest.mark.parametrize("stop_with", ["SIGTERM", "SIGINT"])
def test_serve_stops_datasette_with_itself_and_a_taken_port_is_one_line(seeded, stop_with):
    import signal
    import subprocess
    import sys
    import time

    pytest.importorskip("datasette")
    port = _free_port()
    line = [sys.executable, "-m", "claims", "serve", "--port", str(port), "--db", str(seeded)]
    server = subprocess.Popen(line, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/{seeded.stem}"
    try:
        for _ in range(150):  # wait for it to listen
            try:
                if _answer(base) == 200:
                    break
            except OSError:
                time.sleep(0.1)
        assert _answer(base + "/claims_readable", "POST") == 405
        assert _answer(base + "/claims_readable") == 200
        second = subprocess.run(line, capture_output=True, text=True, timeout=60)
        assert second.returncode == 1 and second.stdout == ""
        assert second.stderr == (f"error: port {port} on 127.0.0.1 is in use (another claims serve?): "
                                 "give another with --port\n")
        server.send_signal(getattr(signal, stop_with))
        assert server.wait(timeout=20) == 0
        with pytest.raises(OSError):  # nothing listens there any more: Datasette stopped too
            _answer(base)
    finally:
        if server.poll() is None:
            server.kill()


# ---- charts and rounding (issue 22, item 8)

def _claim(id, source, as_of, value=1.0):
    return {"id": id, "source": source, "as_of": as_of, "low": value, "value": value, "high": value,
            "flags": [], "conflicts_with": []}


def test_row_labels_tell_every_claim_apart():
    isw = "Institute for the Study of War and its partners"
    rows = [_claim("aaa111", isw, "2025-06-05"), _claim("bbb222", isw, "2025-06-06"),
            _claim("ccc333", isw, "2025-06-06"), _claim("ddd444", "Rybar", None)]
    shown = charts.labels(rows)
    assert len(set(shown)) == 4 and all(len(label) <= 48 for label in shown)
    assert shown[0].endswith(" · 2025-06-05") and shown[1].endswith(" · 2025-06-06 · bbb222")
    assert shown[3] == "Rybar · undated"


def _series(n: int, dates=("2025-01-01", "2025-01-02", "2025-01-03")) -> list[dict]:
    return [{"source": f"Source {i}", "source_type": "media",
             "points": [{"date": d, "low": None, "value": float(i + k), "high": None} for k, d in enumerate(dates)]}
            for i in range(n)]


def test_every_series_has_its_own_colour_and_marker_and_none_the_consensus_colour():
    from matplotlib.colors import to_hex

    windows = [{"end": "2025-01-03", "low": 1.0, "value": 2.0, "high": 3.0}]
    figure = charts.timeline(_series(12), windows, "km")
    drawn = [(to_hex(c.lines[0].get_color()), c.lines[0].get_marker()) for c in figure.axes[0].containers]
    assert len(drawn) == 12 and len(set(drawn)) == 12
    assert charts.COLOURS["consensus"] not in {colour for colour, _ in drawn}
    alike = [{**s, "source": f"Institute for the Study of War, {name}"} for s, name in
             zip(_series(2), ("Russia desk, daily assessment", "Russia desk, weekly assessment"))]
    figure = charts.timeline(alike, windows, "km")
    names = [text.get_text() for text in figure.legends[0].get_texts()]
    assert len(set(names)) == len(names) == 3  # two sources and the consensus, none cut into the other


def test_the_timeline_legend_stays_off_the_data_and_its_ticks_are_days():
    windows = [{"end": d, "low": 1.0, "value": 2.0, "high": 3.0} for d in ("2025-01-01", "2025-01-03")]
    figure = charts.timeline(_series(6), windows, "km")
    charts.svg(figure)  # drawn: the positions below are those of the page
    legend, axes = figure.legends[0].get_window_extent(), figure.axes[0].get_window_extent()
    assert not legend.overlaps(axes)
    ticks = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and not any(":" in tick for tick in ticks), ticks


def test_the_dossier_and_the_workbook_round_figures_as_the_terminal_does(run, tmp_path):
    for source, figure in (("DeepState", "4 km"), ("Institute for the Study of War", "2.5 miles"),
                           ("Rybar", "2 km"), ("General Staff", "5 km")):
        run("add", "--topic", "p/distance", "--new-topic", "--source", source, "--source-type", "media", figure,
            "--as-of", "2025-06-10")
    said = run("compare", "p/distance").stdout  # the median is 4.01168 km
    assert "consensus (median: median of the claims): 4.01 km" in said
    workbook, page = tmp_path / "c.xlsx", tmp_path / "d.html"
    assert run("conflicts", "-f", "xlsx", "-o", workbook).exit_code == 0
    assert run("report", "--conflicts", "-o", page).exit_code == 0
    book = load_workbook(workbook)
    summary = [dict(zip([c.value for c in book["summary"][1]], [c.value for c in row])) for row in book["summary"]][1]
    assert (summary["low"], summary["best"], summary["high"]) == (4.01, 4.01, 4.01)
    assert book["summary"]["E2"].number_format.endswith('" km"')
    conflicts = [c.value for c in book["conflicts"][2]]
    assert 4.01 in conflicts
    text = re.sub(r"<svg.*?</svg>|<style.*?</style>", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    unrounded = re.compile(r"\d+\.\d{4,}")
    assert not unrounded.search(text) and not any(unrounded.fullmatch(str(v)) for v in conflicts)
