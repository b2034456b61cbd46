"""The formats as one registry: each kind of result has a writer for exactly the formats the
registry grants it; an --output file's ending picks the format when --format is not given; the
table, a terminal format, is never written to a file (#22 item 4)."""

import json

import pytest

from claims.basics.errors import ClaimsError
from claims.basics.formats import FORMATS, ExportFormat, FileFormat, Format, ReportFormat, chosen, formats_of
from claims.output.output import ROW_WRITERS
from claims.output.report import COMPARISON_WRITERS


def test_every_kind_writes_exactly_the_formats_the_registry_grants():
    assert list(ROW_WRITERS) == formats_of("rows")
    assert list(COMPARISON_WRITERS) == formats_of("comparison")


def test_the_typer_choices_are_built_from_the_registry():
    assert [f.value for f in Format] == ["table", "csv", "json", "jsonl", "markdown"]
    assert [f.value for f in ReportFormat] == ["table", "csv", "json", "markdown", "html", "xlsx"]
    assert [f.value for f in FileFormat] == ["csv", "json", "jsonl"]
    assert [f.value for f in ExportFormat] == ["csv", "json", "jsonl", "claimreview"]
    assert set(FORMATS) == {f.value for kind in (Format, ReportFormat, ExportFormat) for f in kind}


@pytest.mark.parametrize("name, kind, expected", [
    ("d.html", "comparison", "html"), ("D.HTM", "comparison", "html"), ("d.csv", "comparison", "csv"),
    ("d.json", "comparison", "json"), ("d.md", "comparison", "markdown"), ("d.xlsx", "comparison", "xlsx"),
    ("c.jsonl", "rows", "jsonl"), ("c.ndjson", "export", "jsonl"), ("c.md", "rows", "markdown"),
])
def test_an_output_file_name_picks_the_format(name, kind, expected):
    assert chosen(None, name, kind) == expected


def test_a_given_format_wins_over_the_file_name():
    assert chosen("csv", "d.html", "comparison") == "csv"


@pytest.mark.parametrize("given, path, kind, message", [
    (None, "d.txt", "comparison", "cannot tell the format from the name d.txt: give --format, or a file name "
                                  "ending .csv, .json, .md, .markdown, .html, .htm, .xlsx"),
    (None, "d.html", "rows", "cannot tell the format from the name d.html"),
    ("table", "d.html", "comparison", "the table format is for the terminal: give --format csv, json, markdown, "
                                      "html, xlsx, or an --output name with one of their endings"),
    ("xlsx", None, "comparison", "xlsx needs --output FILE"),
])
def test_what_cannot_be_written_there_is_refused_in_one_line(given, path, kind, message):
    with pytest.raises(ClaimsError) as refused:
        chosen(given, path, kind)
    assert str(refused.value).startswith(message)


def test_compare_writes_the_page_its_output_name_asks_for(seeded, run, tmp_path):
    page = tmp_path / "d.html"
    result = run("compare", "pokrovsk/distance-to-front", "-o", page)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_list_and_export_take_the_format_from_the_name(seeded, run, tmp_path):
    assert run("list", "-o", tmp_path / "c.csv").exit_code == 0
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("id,")
    assert run("export", "-o", tmp_path / "e.json").exit_code == 0
    assert len(json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))) == 20
    assert run("export").stdout.count("\n") == 20  # to the terminal: JSON Lines, as before


def test_a_table_is_never_written_to_a_file(seeded, run, tmp_path):
    result = run("compare", "pokrovsk/distance-to-front", "-f", "table", "-o", tmp_path / "d.txt")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the table format is for the terminal")
    assert not (tmp_path / "d.txt").exists()
    assert run("list", "-o", tmp_path / "c.txt").stderr.startswith("error: cannot tell the format from the name")
