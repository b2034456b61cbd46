"""Comparing claims: conflicts, windows, supersession, policies, and every export format."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from claims.basics.errors import ClaimsError
from claims.operations import compare, recording
from claims.output import words
from claims.rules import comparison
from claims.rules.models import new_claim
from claims.storage import queries


def add(db, topic, source, figure, as_of=None, **extra):
    claim = new_claim(topic=topic, source=source, source_type=extra.pop("source_type", "media"),
                    figure=figure, as_of=as_of, **extra)
    if queries.find_source(db, source):
        claim = {**claim, "source_type": None}
    return recording.add_claim(db, claim)["id"]


def test_comparing_pauses_the_cycle_collector_only_while_it_works(db, monkeypatch):
    import gc

    add(db, "d", "DeepState", "3 km", "2025-01-03")
    during = []
    real_assess = compare.assess
    monkeypatch.setattr(compare, "assess", lambda *a, **k: during.append(gc.isenabled()) or real_assess(*a, **k))
    assert compare.compare(db, "d")["claims_count"] == 1 and compare.conflicts(db)["rows"] == []
    assert during == [False] and gc.isenabled()
    with pytest.raises(ClaimsError):
        compare.compare(db, "no such topic")
    assert gc.isenabled()  # back on after an error too


def test_within_one_mile_conflicts_with_three_km(db):
    a = add(db, "d", "battlefield reports", "within 1 mile", "2025-01-03")
    b = add(db, "d", "DeepState", "3 km", "2025-01-03")
    result = compare.compare(db, "d")
    assert result["unit"] == "mi"
    assert result["conflict_pairs"] == 1
    assert result["conflicts"] == [{"a": a, "b": b, "ratio": 1.864}]
    assert [c["conflicts_with"] for c in result["claims"]] == [[b], [a]]


def test_at_least_does_not_conflict_with_a_figure_above_it(db):
    add(db, "k", "A", "at least 20,000", "2025-01-01")
    add(db, "k", "B", "about 22,000", "2025-01-01")
    assert compare.compare(db, "k")["conflict_pairs"] == 0


def test_tolerance_decides_near_misses(db):
    add(db, "t", "A", "100", "2025-01-01")
    add(db, "t", "B", "108", "2025-01-01")
    assert compare.compare(db, "t", tolerance=0.10)["conflict_pairs"] == 0
    assert compare.compare(db, "t", tolerance=0.05)["conflict_pairs"] == 1
    with pytest.raises(ClaimsError, match="bad tolerance"):
        compare.compare(db, "t", tolerance=-1)


def test_window_keeps_the_latest_week_and_supersedes_older_figures(db):
    old = add(db, "d", "DeepState", "5 km", "2025-01-01")
    new = add(db, "d", "DeepState", "3 km", "2025-01-05")
    other = add(db, "d", "Rybar", "about 3 km", "2025-01-06", source_type="milblogger")
    ancient = add(db, "d", "Rybar", "20 km", "2024-06-01")
    result = compare.compare(db, "d")
    flags = {c["id"]: c["flags"] for c in result["claims"]}
    assert ancient not in flags
    assert flags[old] == ["superseded"] and flags[new] == [] and flags[other] == []
    assert result["window"] == {"start": "2024-12-31", "end": "2025-01-06", "days": 7}
    assert result["conflict_pairs"] == 0 and result["independent_sources"] == 2
    earlier = compare.compare(db, "d", as_of="2024-06-03")
    assert [c["id"] for c in earlier["claims"]] == [ancient]


def test_rates_are_compared_across_dates(db):
    add(db, "r", "A", "300 to 400 soldiers daily", "2025-01-03")
    add(db, "r", "B", "2,800 soldiers a week", "2024-01-03")
    result = compare.compare(db, "r")
    assert result["kind"] == "rate" and result["claims_count"] == 2
    assert [c["value"] for c in result["claims"]] == [400, 350]


def test_relays_of_one_claimant_count_once(db):
    add(db, "r", "Vitalii Lytvyn", "400 troops daily", "2025-01-03", via=["UNIAN", "Euromaidan Press"])
    add(db, "r", "Vitalii Lytvyn", "300 to 400 Russian soldiers daily", "2025-01-03", via=["UNIAN"])
    result = compare.compare(db, "r")
    assert (result["claims_count"], result["independent_sources"]) == (2, 1)


def test_refuted_claims_are_shown_but_left_out(db):
    add(db, "t", "A", "10", "2025-01-01")
    add(db, "t", "B", "1000", "2025-01-01", status="refuted")
    result = compare.compare(db, "t")
    assert result["conflict_pairs"] == 0 and result["consensus"]["value"] == 10
    assert result["claims"][1]["flags"] == ["refuted"]


@pytest.mark.parametrize("policy,expected", [
    ("conservative", {"low": 100, "value": 100, "high": 100}),
    ("range", {"low": 100, "value": 200, "high": 400}),
    ("median", {"low": 200, "value": 200, "high": 200}),
    ("weighted", {"low": 300, "value": 350, "high": 400}),
])
def test_consensus_policies(db, policy, expected):
    recording.add_source(db, "Good", type="monitoring_group", reliability="A")
    add(db, "p", "Weak", "100", "2025-01-01", reliability="E")
    add(db, "p", "Weak", "200", "2025-01-01")
    add(db, "p", "Good", "300 to 400", "2025-01-01", credibility=1)
    result = compare.compare(db, "p", policy=policy, tolerance=10 - 1e-9)
    assert result["policy"] == policy and result["consensus"] == expected


def test_spread_is_max_over_min(db):
    add(db, "s", "A", "100", "2025-01-01")
    add(db, "s", "B", "250", "2025-01-01")
    assert compare.compare(db, "s")["spread"] == 2.5


def test_conflicts_lists_topics_most_severe_first(db):
    add(db, "mild", "A", "100", "2025-01-01")
    add(db, "mild", "B", "150", "2025-01-01")
    add(db, "wild", "A", "10", "2025-01-01")
    add(db, "wild", "B", "1000", "2025-01-01")
    add(db, "calm", "A", "5", "2025-01-01")
    rows = compare.conflicts(db)["rows"]
    assert [(r["topic"], r["severity"], r["conflict_pairs"]) for r in rows] == [("wild", 100.0, 1), ("mild", 1.5, 1)]



def test_conflicts_takes_each_topics_window_from_live_claims_only(db):
    add(db, "front", "A", "3 km", "2025-01-01")
    add(db, "front", "B", "10 km", "2025-01-02")
    late = add(db, "front", "C", "5 km", "2025-03-01")
    add(db, "other", "A", "1 km", "2025-01-01")
    add(db, "other", "B", "9 km", "2025-01-01")
    recording.remove_claim(db, late, "posted in error")
    rows = {r["topic"]: r for r in compare.conflicts(db)["rows"]}
    # the removed claim of March does not move the window away from January's conflict
    assert (rows["front"]["claims"], rows["front"]["conflict_pairs"]) == (2, 1)
    assert rows["front"]["severity"] == compare.compare(db, "front")["severity"] == 3.333
    assert (rows["other"]["claims"], rows["other"]["severity"]) == (2, 9.0)

def test_over_time_lists_windows_oldest_first(db):
    add(db, "d", "A", "10 km", "2025-01-01")
    add(db, "d", "B", "8 km", "2025-01-02")
    add(db, "d", "A", "5 km", "2025-01-20")
    result = compare.over_time(db, "d", window=7)
    assert [(w["start"], w["end"], w["claims"], w["value"]) for w in result["windows"]] == [
        ("2024-12-31", "2025-01-06", 2, 9), ("2025-01-14", "2025-01-20", 1, 5)]


# ---- the CLI on the fixtures, every format

def test_compare_csv_is_exact(run, seeded):
    out = run("compare", "pokrovsk/distance-to-front", "-f", "csv").stdout
    assert out.splitlines() == [
        "id,source,source_type,side,admiralty,status,as_of,figure,likelihood,low,value,high,unit,flags,conflicts_with,"
        "quote",
        "s0c01,battlefield reports,unattributed,unknown,F6,unverified,2025-01-03,within 1 mile,,,1.609344,"
        "1.609344,km,conflict,s0c02,\"Russian forces have advanced to within 1 mile of Pokrovsk, a key logistics "
        "hub for Ukrainian troops in the Donetsk region, according to battlefield reports and open-source "
        "satellite imagery.\"",
        "s0c02,DeepState,monitoring_group,ua,F6,unverified,2025-01-03,as close as 3 kilometers (1.9 miles),,3,3,3,"
        "km,conflict,s0c01,The Ukrainian military monitoring group DeepState reported that Russian forces are "
        "now as close as 3 kilometers (1.9 miles) from the southern edge of the city.",
        "s0c03,Yuri Podolyaka,milblogger,ru,F6,unverified,2025-01-03,,,,,,km,no figure,,\"Pro-Russian military "
        "bloggers, including Yuri Podolyaka, claim Russian reconnaissance units have already reached the "
        "outskirts of Pokrovsk, though this remains unverified.\"",
        "consensus,median,,,,,,,,2.304672,2.304672,2.304672,km,,,",
    ]


def test_compare_json_is_exact(run, seeded):
    data = json.loads(run("compare", "pokrovsk/distance-to-front", "-f", "json", "--policy", "conservative").stdout)
    claims = data.pop("claims")
    assert data.pop("undated") == []
    assert data == {
        "topic": "pokrovsk/distance-to-front", "title": "Distance from Pokrovsk to the nearest Russian forces",
        "unit": "km", "kind": "level", "policy": "conservative", "basis": "lowest credible figure (ACLED)",
        "tolerance": 0.1, "window": {"start": "2024-12-28", "end": "2025-01-03", "days": 7},
        "consensus": {"value": 1.609344, "low": None, "high": 1.609344}, "spread": 1.864,
        "claims_count": 3, "independent_sources": 3, "conflict_pairs": 1, "severity": 1.864,
        "grade": {"grade": "contested", "rule": "live claims from independent sources conflict or are linked as "
                                                "contradicting, or a claim is disputed"},
        "conflicts": [{"a": "s0c01", "b": "s0c02", "ratio": 1.864}], "clusters": []}
    assert [(c["id"], c["source"], c["source_type"], c["low"], c["value"], c["high"], c["flags"],
             c["conflicts_with"]) for c in claims] == [
        ("s0c01", "battlefield reports", "unattributed", None, 1.609344, 1.609344, ["conflict"], ["s0c02"]),
        ("s0c02", "DeepState", "monitoring_group", 3, 3, 3, ["conflict"], ["s0c01"]),
        ("s0c03", "Yuri Podolyaka", "milblogger", None, None, None, ["no figure"], []),
    ]


def test_compare_markdown_is_exact(run, seeded):
    out = run("compare", "pokrovsk/distance-to-front", "-f", "markdown").stdout
    assert out == (
        "## pokrovsk/distance-to-front (km, level)\n\n"
        "| id | source | source_type | side | admiralty | status | as_of | figure | low | value | high | unit "
        "| flags |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| s0c01 | battlefield reports | unattributed | unknown | F6 | unverified | 2025-01-03 | within 1 mile |"
        "  | 1.61 | 1.61 | km | conflict |\n"
        "| s0c02 | DeepState | monitoring_group | ua | F6 | unverified | 2025-01-03 | as close as 3 kilometers"
        " (1.9 miles) | 3 | 3 | 3 | km | conflict |\n"
        "| s0c03 | Yuri Podolyaka | milblogger | ru | F6 | unverified | 2025-01-03 | “Pro-Russian military "
        "bloggers, including Yuri Podolyaka, claim Russian reconna… |  |  |  | km | no figure |\n"
        "| consensus | median |  |  |  |  |  |  | 2.3 | 2.3 | 2.3 | km |  |\n"
        "\n"
        "- 3 claims from 3 independent sources, as of 2024-12-28 to 2025-01-03\n"
        "- spread (max / min of best values): 1.864\n"
        "- conflicts (1 pair, tolerance 10%): s0c01 vs s0c02 (x1.864)\n"
        "- grade: contested (live claims from independent sources conflict or are linked as contradicting, or a "
        "claim is disputed)\n"
        "- consensus (median: median of the claims): 2.3 km\n")


def test_compare_table_names_the_policy_and_draws_intervals(run, seeded):
    out = run("compare", "pokrovsk/distance-to-front", "--policy", "range").stdout
    assert "consensus (range: lowest low, median best, highest high (UCDP low / best / high))" in out
    assert "<-----o " in out  # "within 1 mile": open below, the best value at its top


def test_compare_xlsx_holds_numbers(run, seeded, tmp_path):
    path = tmp_path / "c.xlsx"
    result = run("compare", "pokrovsk/distance-to-front", "-f", "xlsx", "-o", path)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path)["pokrovsk-distance-to-front"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:12] == ("id", "source", "source_type", "side", "admiralty", "status", "as_of", "figure",
                            "likelihood", "low", "value", "high")
    assert rows[1][10] == pytest.approx(1.609344) and isinstance(rows[2][10], int)
    assert rows[-1][0] == "consensus" and rows[-1][10] == pytest.approx(2.304672)


def test_a_workbook_has_a_summary_formats_in_the_unit_and_marks_conflicts(run, seeded, tmp_path):
    path = tmp_path / "c.xlsx"
    assert run("compare", "pokrovsk/distance-to-front", "-f", "xlsx", "-o", path).exit_code == 0
    book = load_workbook(path)
    assert book.sheetnames == ["summary", "pokrovsk-distance-to-front"]
    summary = list(book["summary"].iter_rows(values_only=True))
    assert summary[0][:7] == ("topic", "unit", "policy", "low", "best", "high", "grade")
    assert summary[1][:3] == ("pokrovsk/distance-to-front", "km", "median") and summary[1][6] == "contested"
    sheet = book["pokrovsk-distance-to-front"]
    assert sheet.freeze_panes == "A2" and sheet["J2"].number_format == '#,##0.##" km"'
    conflicting = [row[0].value for row in sheet.iter_rows(min_row=2) if row[0].fill.start_color.rgb.endswith("FDECEA")]
    assert conflicting == ["s0c01", "s0c02"]
    assert len(sheet._images) == 1  # the interval chart beside the table
    assert sheet.column_dimensions["B"].width >= len("battlefield reports")


def test_xlsx_needs_an_output_file(run, seeded):
    result = run("compare", "pokrovsk/distance-to-front", "-f", "xlsx")
    assert result.exit_code == 1 and "xlsx needs --output FILE" in result.stderr


def test_compare_html_is_one_escaped_page(run, seeded, tmp_path):
    run("add", "--topic", "pokrovsk/distance-to-front", "--source", "DeepState", "2 km", "--as-of", "2025-01-03",
        "--quote", "<script>alert(1)</script>")
    out = run("compare", "pokrovsk/distance-to-front", "-f", "html").stdout
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # nothing fetched from the network (the SVG namespaces are names, never fetched)
    assert not re.search(r"(?:src|href)=\"?https?:|<link|@import|url\((?!#)|<script", out)
    assert "<svg" in out


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown", "html"])
def test_conflicts_in_every_format(run, seeded, fmt):
    result = run("conflicts", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "pokrovsk/distance-to-front" in result.stdout
    assert "pokrovsk/russian-soldiers" not in result.stdout


def test_conflicts_csv_is_exact(run, seeded):
    assert run("conflicts", "-f", "csv").stdout == (
        "topic,unit,claims,sources,conflicting_claims,conflict_pairs,severity,grade,policy,consensus\n"
        "pokrovsk/distance-to-front,km,3,3,2,1,1.864,contested,median,2.304672\n")


def test_conflicts_xlsx_has_a_sheet_per_topic(run, seeded, tmp_path):
    path = tmp_path / "c.xlsx"
    assert run("conflicts", "-f", "xlsx", "-o", path).exit_code == 0
    book = load_workbook(path)
    assert book.sheetnames == ["summary", "conflicts", "pokrovsk-distance-to-front"]


def test_compare_over_time_draws_the_windows(run, seeded):
    run("add", "--topic", "pokrovsk/distance-to-front", "--source", "DeepState", "2 km", "--as-of", "2025-01-20")
    out = run("compare", "pokrovsk/distance-to-front", "--over-time").stdout
    assert "2024-12-31" in out and "2025-01-14" in out and "chart" in out
    data = json.loads(run("compare", "pokrovsk/distance-to-front", "--over-time", "-f", "json").stdout)
    assert [(w["end"], w["value"]) for w in data["windows"]] == [("2025-01-06", 2.304672), ("2025-01-20", 2)]


def test_topics_commands(run, seeded):
    topics = json.loads(run("topics", "list", "-f", "json").stdout)
    distance = next(t for t in topics if t["key"] == "pokrovsk/distance-to-front")
    assert (distance["unit"], distance["kind"], distance["claims"], distance["sources"]) == ("km", "level", 3, 3)
    assert run("topics", "edit", "pokrovsk/distance-to-front", "--unit", "miles", "--why", "US readers").exit_code == 0
    data = json.loads(run("compare", "pokrovsk/distance-to-front", "-f", "json").stdout)
    assert data["unit"] == "mi" and data["claims"][1]["value"] == pytest.approx(1.864114, abs=1e-6)
    refused = run("topics", "edit", "pokrovsk/distance-to-front", "--unit", "soldiers", "--why", "x")
    assert refused.exit_code == 1 and "cannot measure topic 'pokrovsk/distance-to-front' in soldiers" in refused.stderr
    assert run("topics", "add", "new/topic", "--unit", "km2", "--title", "Area").exit_code == 0
    shown = json.loads(run("topics", "show", "new/topic", "-f", "json").stdout)[0]
    assert (shown["unit"], shown["kind"], shown["title"]) == ("km2", "level", "Area")


bound = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(bound, st.floats(-1e6, 1e6, allow_nan=False), bound), max_size=12),
       st.sampled_from([0.0, 0.1, 0.5]))
def test_the_one_pass_conflict_check_agrees_with_the_full_count(intervals, tolerance):
    rows = []
    for i, (low, value, high) in enumerate(intervals):
        low = None if low is None else min(low, value)
        high = None if high is None else max(high, value)
        rows.append((str(i), i, low, value, high))
    table = comparison.Table(comparison.Rows(["id", "seq", "low", "value", "high"], rows))
    counted = comparison.find_conflicts(table, list(range(len(rows))), tolerance)["count"]
    assert comparison.any_conflict([(low, high) for _, _, low, _, high in rows], tolerance) == (counted > 0)


row_values = st.tuples(
    st.sampled_from([1, 2, 3]),                                   # source
    st.sampled_from(["unverified", "confirmed", "refuted", "retracted"]),
    st.sampled_from([None, "2025-01-01", "2025-01-03", "2025-01-05"]),
    bound, st.one_of(st.none(), st.floats(0, 1e6)), bound)


@settings(max_examples=300, deadline=None)
@given(st.lists(row_values, max_size=10), st.sampled_from(["level", "rate"]), st.sampled_from([0.0, 0.1]))
def test_the_check_on_raw_rows_agrees_with_the_claims_weighed_in_full(values, kind, tolerance):
    rows = []
    for i, (source, status, dated, low, value, high) in enumerate(values):
        low = None if low is None or value is None else min(low, value)
        high = None if high is None or value is None else max(high, value)
        rows.append((7, f"c{i}", i, source, "F", 6, status, dated, low, value, high, None, None))
    names = ["topic_id", "id", "seq", "source_id", "reliability", "credibility", "status", "dated",
             "low", "value", "high", "vague", "figure_warning"]
    topic = {"kind": kind}
    table, _, active = comparison.prepare(topic, comparison.Rows(names, rows), 7, None)
    # all dates lie within one 7-day window, as the SQL hands them over
    expected = comparison.any_conflict([(table.rows[i][8], table.rows[i][10]) for i in active], tolerance)
    assert comparison.may_conflict(kind == "level", rows, tolerance) == expected


def test_the_check_on_raw_rows_leaves_out_superseded_and_refuted_figures():
    def row(source, status, dated, value):
        return (7, "c", 0, source, "F", 6, status, dated, value, value, value, None, None)

    newer = [row(1, "unverified", "2025-01-01", 1.0), row(1, "unverified", "2025-01-05", 100.0),
             row(2, "unverified", "2025-01-05", 100.0)]
    assert not comparison.may_conflict(True, newer, 0.1)   # source 1's figure of the 1st is superseded
    assert comparison.may_conflict(False, newer, 0.1)      # a rate: every figure counts
    refuted = [row(1, "refuted", "2025-01-01", 1.0), row(2, "unverified", "2025-01-01", 100.0)]
    assert not comparison.may_conflict(False, refuted, 0.1)


# ---- consensus lines that do not mislead

def test_a_one_sided_consensus_is_written_in_words_rounded_to_the_figures(db):
    add(db, "d/near", "A", "within 1 mile", "2025-01-03")
    add(db, "d/near", "B", "up to 2 miles", "2025-01-03")
    result = compare.compare(db, "d/near", policy="conservative")
    assert (result["consensus"]["low"], result["consensus"]["high"]) == (None, 1)
    line = words.summary_lines(result)[-1]
    assert line == "consensus (conservative: lowest credible figure (ACLED)): at most 1 mi"
    assert words.interval_words(1.609344, 2.304672, 4.828032, "km", 3) == "2.3 km (from 1.61 to 4.83)"
    assert words.interval_words(20000, 20000, None, "people") == "at least 20,000 people"
    assert words.rounded(21250.0, 3) == "21,200" and words.rounded(1.609344, 4) == "1.609"


def test_an_empty_window_compares_nothing_and_grades_nothing(db):
    add(db, "d/empty", "A", "3 km", "2025-01-03")
    result = compare.compare(db, "d/empty", as_of="2024-01-01")
    assert result["claims"] == [] and result["grade"]["grade"] is None
    assert words.summary_lines(result) == ["no claims in the window 2023-12-26 to 2024-01-01: nothing to compare"]


@pytest.mark.parametrize("policy", ["median", "range", "weighted", "conservative", "truth"])
def test_a_source_repeating_a_figure_in_one_window_counts_once(db, policy):
    for day in ("2025-01-01", "2025-01-02", "2025-01-03"):
        add(db, "d/rep", "Loud", "100 soldiers a day", day)
    add(db, "d/rep", "Quiet", "300 soldiers a day", "2025-01-02")
    add(db, "d/rep", "Third", "200 soldiers a day", "2025-01-02")
    once = {"median": 200, "range": 200, "weighted": 200, "conservative": 100, "truth": None}[policy]
    value = compare.compare(db, "d/rep", policy=policy)["consensus"]["value"]
    if once is not None:
        assert value == once
    else:  # truth: one vote each; the figure with the most support among three single voices
        assert value in (100, 200, 300)


def test_truth_weighs_a_confirmed_claim_from_a_usually_reliable_source_above_an_unverified_f6(db):
    from claims.operations import credibility

    recording.add_source(db, "Good", type="monitoring_group", reliability="B")
    checked = add(db, "d/truth", "Good", "120 tanks", "2025-01-03")
    add(db, "d/truth", "Unknown", "300 tanks", "2025-01-03")
    before = compare.compare(db, "d/truth", policy="truth")["consensus"]["value"]
    credibility.verify(db, checked, "confirmed", "matches imagery", credibility=2)
    result = compare.compare(db, "d/truth", policy="truth")
    assert result["consensus"]["value"] == 120 and before in (120, 300)
    assert "confirmed x2" in result["basis"] and "Admiralty code" in result["basis"]


# ---- hedges read as bands (issue 22, item 1)

def test_nearly_half_conflicts_with_less_than_ten_percent(db):
    a = add(db, "s/share", "A", "nearly half", "2025-01-01")
    b = add(db, "s/share", "B", "less than 10%", "2025-01-01")
    result = compare.compare(db, "s/share")
    assert result["conflicts"] == [{"a": b, "b": a, "ratio": 4.5}] and result["grade"]["grade"] == "contested"
    assert result["bands"] == ["just_under"]
    assert "hedges read as bands: nearly, almost, close to, just under X: read as 0.9 X to X" in \
        words.summary_lines(result)


def test_nearly_400_soldiers_conflicts_with_15(db):
    add(db, "k/killed", "General Staff", "nearly 400 soldiers", "2025-03-02", source_type="official")
    add(db, "k/killed", "Mediazona", "15 soldiers", "2025-03-02")
    result = compare.compare(db, "k/killed")
    assert result["conflict_pairs"] == 1 and result["conflicts"][0]["ratio"] == 24.0  # 360 / 15


# ---- undated claims never vote in a dated window (issue 22, item 3)

def test_an_undated_claim_is_listed_apart_and_never_votes(db):
    dated = [add(db, "d", "battlefield reports", "within 1 mile", "2025-01-03"),
             add(db, "d", "DeepState", "3 km", "2025-01-03")]
    undated = add(db, "d", "Rybar", "5 km", source_type="milblogger")
    result = compare.compare(db, "d", as_of="2025-01-03")
    assert [c["id"] for c in result["claims"]] == dated and [c["id"] for c in result["undated"]] == [undated]
    assert result["claims_count"] == 2 and result["conflict_pairs"] == 1 and result["independent_sources"] == 2
    assert result["undated"][0]["flags"] == ["undated"]
    assert any(line.startswith(f"1 undated claim listed apart, in no window and not compared: {undated}")
               for line in words.summary_lines(result))
    later = compare.compare(db, "d", as_of="2025-06-10")
    assert later["claims_count"] == 0 and [c["id"] for c in later["undated"]] == [undated]
    row, = compare.conflicts(db)["rows"]
    assert row["claims"] == 2 and row["conflict_pairs"] == 1


def _windows_agree(db, key):
    over = compare.over_time(db, key)
    for window in over["windows"]:
        alone = compare.compare(db, key, as_of=window["end"])
        assert comparison.window_summary(alone, alone["window"]["start"], alone["window"]["end"]) == window
    return len(over["windows"])


def test_compare_as_of_and_over_time_agree_on_every_window_of_the_fixtures(seeded):
    from claims.storage.db import open_db

    db = open_db(seeded)
    add(db, "pokrovsk/distance-to-front", "Rybar", "5 km", source_type="milblogger")  # undated
    add(db, "pokrovsk/distance-to-front", "DeepState", "4 km", "2025-06-10")
    add(db, "pokrovsk/distance-to-front", "Institute for the Study of War", "2.5 miles", "2025-06-08",
        source_type="analyst")
    add(db, "pokrovsk/distance-to-front", "Rybar", "nearly 4 km", "2025-01-01")
    checked = 0
    for topic in queries.topics_by_id(db).values():
        if topic["kind"] in ("level", "cumulative"):
            try:
                checked += _windows_agree(db, topic["key"])
            except ClaimsError:  # a topic with no dated claims has no windows
                continue
    assert checked >= 5
    db.close()
