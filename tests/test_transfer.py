"""Import and export: all or nothing, every bad row named, round trips byte-identical."""

import json

import pytest
from conftest import count_rows, dump

from claims.storage.db import open_db

GOOD = {"topic": "pokrovsk/distance-to-front", "source": "DeepState", "source_type": "monitoring_group",
        "side": "ua", "figure": "3 km", "as_of": "2025-01-03"}


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_import_export_is_byte_identical(run, seeded, tmp_path, fmt):
    first = tmp_path / f"first.{fmt}"
    assert run("export", "-f", fmt, "-o", first).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = run("import", first, "--db", fresh)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("imported 20 claims")
    second = tmp_path / f"second.{fmt}"
    assert run("export", "-f", fmt, "-o", second, "--db", fresh).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_reimporting_an_export_changes_nothing(run, seeded, tmp_path):
    out = tmp_path / "all.jsonl"
    run("export", "-o", out)
    before = dump(seeded)
    result = run("import", out)
    assert result.exit_code == 0
    assert "imported 0 claims (20 already present" in result.stdout
    assert dump(seeded) == before


def test_import_creates_sources_and_topics(run, tmp_path, db_path):
    path = write_jsonl(tmp_path / "in.jsonl", [GOOD, {**GOOD, "figure": "within 1 mile"}])
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 2 claims (0 already present, 1 new sources, 1 new topics)\n"
    history = open_db(db_path).execute("SELECT action, new FROM history WHERE entity = 'import'").fetchall()
    assert history == [("import", f"2 claims from {path}")]


def test_import_with_bad_rows_imports_nothing_and_lists_each(run, seeded, tmp_path):
    rows = [GOOD, {**GOOD, "credibility": 9}, {**GOOD, "figure": "lots"},
            {**GOOD, "source": "Ghost", "source_type": None},
            {**GOOD, "colour": "red"}, {**GOOD, "as_of": "yesterday"}, {**GOOD, "status": "true"}]
    path = write_jsonl(tmp_path / "bad.jsonl", rows)
    before = dump(seeded)
    result = run("import", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: nothing imported: 6 bad rows",
        "line 2: field credibility: Input should be less than or equal to 6",
        "line 3: field figure: cannot read figure 'lots': no number where one was expected",
        "line 4: unknown source 'Ghost': give its type (--source-type / source_type) to create it",
        "line 5: field colour: unknown field",
        "line 6: field as_of: bad as_of 'yesterday': use YYYY-MM-DD, YYYY-MM or YYYY",
        "line 7: field status: Input should be 'unverified', 'corroborated', 'confirmed', 'disputed', "
        "'refuted' or 'retracted'",
    ]
    assert dump(seeded) == before


def test_import_lists_at_most_twenty_bad_rows(run, tmp_path, db_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [{**GOOD, "credibility": 0}] * 25)
    result = run("import", path)
    lines = result.stderr.splitlines()
    assert lines[0] == "error: nothing imported: 25 bad rows (and 5 more)"
    assert len(lines) == 21


def test_failed_import_leaves_no_orphan_sources(run, tmp_path, db_path):
    rows = [GOOD, {**GOOD, "source": "New One", "source_type": "media"}, {**GOOD, "figure": "300 soldiers"}]
    result = run("import", write_jsonl(tmp_path / "in.jsonl", rows))
    assert result.exit_code == 1
    assert "line 3: cannot compare soldiers" in result.stderr
    database = open_db(db_path)
    assert [count_rows(database, table) for table in ("sources", "claims", "topics")] == [0, 0, 0]


@pytest.mark.parametrize("content,message", [
    ("", "is empty"),
    ("\n\n", "is empty"),
    ("{not json}\n", "line 1: not valid JSON"),
    ("[1, 2]\n", "line 1: not a JSON object"),
])
def test_malformed_jsonl(run, tmp_path, db_path, content, message):
    path = tmp_path / "x.jsonl"
    path.write_text(content, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 1 and message in result.stderr


@pytest.mark.parametrize("content,message", [
    ("", "is empty"),
    ("[]", "holds no claims"),
    ("{\"a\": 1}", "expected a JSON array of claims"),
    ("[{\"topic\": ", "not valid JSON"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
])
def test_malformed_json(run, tmp_path, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name,content,message", [
    ("x.csv", b"topic,source\n", "holds no claims"),
    ("x.jsonl", b"\xff\xfe" + "\n \n".encode("utf-16-le"), "is empty"),
])
def test_files_without_claims(run, tmp_path, db_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", path)
    assert result.exit_code == 1 and result.stderr == f"error: {path} {message}\n"
    database = open_db(db_path)
    assert (count_rows(database, "claims"), count_rows(database, "imports")) == (0, 0)


def test_csv_row_with_wrong_cell_count_is_named(run, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("topic,source,source_type,figure\nt,S,media,3 km\nt,S,media,3 km,extra\n", encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 1
    assert "row 2: 5 cells where the header has 4" in result.stderr


def test_unknown_extension_needs_format(run, tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("topic\n", encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 1 and "use --format csv, json or jsonl" in result.stderr


def test_csv_export_neutralises_formulas_and_import_restores_them(run, tmp_path):
    evil = "=HYPERLINK(\"http://x\",\"click\")"
    added = run("add", "--topic", "t", "--source", "S", "--source-type", "media", "--quote", evil,
                "--notes", "@SUM(A1)", "--", "-5%")  # a share may be negative
    assert added.exit_code == 0, added.output
    out = tmp_path / "x.csv"
    run("export", "-f", "csv", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    assert ",-5,-5,-5," in text  # a real negative number stays a number
    fresh = tmp_path / "fresh.db"
    assert run("import", out, "--db", fresh).exit_code == 0
    row = json.loads(run("list", "-f", "json", "--db", fresh).stdout)[0]
    assert row["quote"] == evil and row["notes"] == "@SUM(A1)" and row["value"] == -5


def test_import_reads_utf16_with_bom(run, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("topic,source,source_type,figure\nt,Д,media,3 km\n", encoding="utf-16")
    result = run("import", path)
    assert result.exit_code == 0, result.output
    assert json.loads(run("list", "-f", "json").stdout)[0]["source"] == "Д"


def test_import_refuses_latin1_bytes_without_traceback(run, tmp_path, db_path):
    path = tmp_path / "x.csv"
    path.write_bytes("topic,source,source_type,figure\nt,Café,media,3 km\n".encode("latin-1"))
    result = run("import", path)
    assert result.exit_code == 1
    assert "is not UTF-8 text (byte 0xe9): save it as UTF-8" in result.stderr


def test_a_best_estimate_without_bounds_is_exact_in_conflicts_and_consensus(run, tmp_path):
    """UCDP-style rows give `value` alone: low = best = high, not an open 'at most'."""
    rows = [{"topic": "sudan/deaths", "source": source, "source_type": "ngo", "value": value, "unit": "people",
             "as_of": "2024-05-01"} for source, value in (("A", 100), ("B", 110), ("C", 400))]
    path = write_jsonl(tmp_path / "ucdp.jsonl", rows)
    assert run("import", path).exit_code == 0
    listed = json.loads(run("list", "-f", "json").stdout)
    assert [(r["low"], r["value"], r["high"], r["qualifier"]) for r in listed] == [
        (100, 100, 100, "exact"), (110, 110, 110, "exact"), (400, 400, 400, "exact")]
    result = json.loads(run("compare", "sudan/deaths", "-f", "json").stdout)
    assert result["conflict_pairs"] == 2  # 400 misses both 100 and 110; 100 and 110 agree within 10%
    assert (result["consensus"]["low"], result["consensus"]["value"], result["consensus"]["high"]) == (110, 110, 110)


def test_import_reads_standard_input_and_twice_changes_nothing(run, seeded, tmp_path):
    exported = run("export", "-f", "jsonl").stdout
    other = tmp_path / "other.db"
    first = run("import", "-", "-f", "jsonl", "--db", other, input=exported)
    assert first.exit_code == 0, first.output
    assert first.stdout == "imported 20 claims (0 already present, 11 new sources, 17 new topics)\n"
    again = run("import", "-", "-f", "jsonl", "--db", other, input=exported)
    assert again.stdout == "imported 0 claims (20 already present, 0 new sources, 0 new topics)\n"
    assert run("export", "-f", "jsonl", "--db", other).stdout == exported
    history = json.loads(run("history", "-f", "json", "--db", other).stdout)
    assert [row["new"] for row in history if row["action"] == "import"] == ["20 claims from standard input"]


def test_import_from_standard_input_needs_its_format(run, tmp_path):
    result = run("import", "-", "--db", tmp_path / "x.db", input='{"topic": "t"}\n')
    assert result.exit_code == 1
    assert result.output == "error: give --format (csv, json or jsonl) to import from standard input\n"
    assert not (tmp_path / "x.db").exists()
