"""Estimative language (ICD 203): the likelihood a claimant attached to a claim is kept by
add, edit, import, extract, show, compare and every export."""

import json

import pytest

from claims.basics.vocab import LIKELIHOOD_BANDS, Likelihood, likelihood_words


def _add(run, figure, source, *extra):
    result = run("add", figure, "--topic", "pokrovsk/distance-to-front", "--source", source,
                 "--source-type", "milblogger", "--side", "ru", *extra)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_the_bands_are_icd_203s_seven_in_order():
    assert [b.value for b in Likelihood] == list(LIKELIHOOD_BANDS)
    lows = [LIKELIHOOD_BANDS[b][0] for b in LIKELIHOOD_BANDS]
    assert lows == sorted(lows) and likelihood_words("likely") == "likely (55-80%)"


def test_add_list_show_and_edit_carry_the_likelihood(run):
    claim = _add(run, "3 km", "Rybar", "--likelihood", "likely")
    rows = json.loads(run("list", "-f", "json").stdout)
    assert rows[0]["likelihood"] == "likely"
    header = run("list", "-f", "csv").stdout.splitlines()[0].split(",")
    assert header[header.index("qualifier") + 1] == "likelihood"
    assert json.loads(run("show", claim, "-f", "json").stdout)[0]["likelihood"] == "likely"
    edited = run("edit", claim, "--likelihood", "very_likely", "--why", "second source")
    assert edited.exit_code == 0, edited.output
    assert json.loads(run("list", "-f", "json").stdout)[0]["likelihood"] == "very_likely"


def test_a_bad_band_is_one_line_and_changes_nothing(run):
    _add(run, "3 km", "Rybar")
    result = run("add", "4 km", "--topic", "pokrovsk/distance-to-front", "--source", "Rybar",
                 "--likelihood", "probablyy")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "invalid --likelihood 'probablyy'" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert len(json.loads(run("list", "-f", "json").stdout)) == 1


def test_compare_shows_it_beside_the_figure_and_exports_it(run):
    _add(run, "3 km", "Rybar", "--likelihood", "likely")
    run("add", "5 km", "--topic", "pokrovsk/distance-to-front", "--source", "DeepState",
        "--source-type", "monitoring_group", "--side", "ua")
    table = run("compare", "pokrovsk/distance-to-front").stdout
    assert "3 km (likely)" in table
    rows = run("compare", "pokrovsk/distance-to-front", "-f", "csv").stdout.splitlines()
    header = rows[0].split(",")
    assert header[header.index("figure") + 1] == "likelihood"
    assert rows[1].split(",")[header.index("likelihood")] == "likely"
    claims = json.loads(run("compare", "pokrovsk/distance-to-front", "-f", "json").stdout)["claims"]
    assert [c["likelihood"] for c in claims] == ["likely", None]
    assert "| 3 km (likely) |" in run("compare", "pokrovsk/distance-to-front", "-f", "markdown").stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_export_then_import_keeps_it(run, tmp_path, fmt):
    _add(run, "3 km", "Rybar", "--likelihood", "almost_certain")
    path = tmp_path / f"claims.{fmt}"
    assert run("export", "-f", fmt, "-o", path).exit_code == 0
    other = tmp_path / "other.db"
    result = run("--db", other, "import", path)
    assert result.exit_code == 0, result.output
    assert json.loads(run("--db", other, "list", "-f", "json").stdout)[0]["likelihood"] == "almost_certain"


def test_claimreview_names_the_band_of_a_bare_figure(run):
    claim = _add(run, "3 km", "Rybar", "--likelihood", "likely")
    run("edit", claim, "--status", "disputed", "--why", "imagery")
    review = json.loads(run("export", "-f", "claimreview").stdout)[0]
    assert review["claimReviewed"] == "Rybar: 3 km (likely)"


def test_extract_reads_the_band_and_its_output_imports_unchanged(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("DeepState said Russian forces are probably 3 km from Pokrovsk.\n", encoding="utf-8")
    out = run("extract", article, "-f", "jsonl").stdout
    assert json.loads(out)["likelihood"] == "likely"
    (tmp_path / "c.jsonl").write_text(out, encoding="utf-8")
    assert run("import", tmp_path / "c.jsonl").exit_code == 0
    assert json.loads(run("list", "-f", "json").stdout)[0]["likelihood"] == "likely"


def test_the_html_report_shows_it_beside_the_figure(run, tmp_path):
    _add(run, "3 km", "Rybar", "--likelihood", "very_likely")
    page = tmp_path / "c.html"
    assert run("compare", "pokrovsk/distance-to-front", "-f", "html", "-o", page).exit_code == 0
    assert '3 km <span class="tag">very likely</span>' in page.read_text(encoding="utf-8")
