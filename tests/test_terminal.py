"""The analyst's terminal: typos, missing databases, future dates, signs, output files, evidence."""

import json

import pytest
from conftest import SERVER, count_rows, dump

from claims.storage.db import open_db


@pytest.fixture
def deepstate(run):
    assert run("add", "--topic", "pokrovsk/distance-to-front", "--source", "DeepState", "--source-type",
               "monitoring_group", "3 km", "--as-of", "2025-01-03").exit_code == 0
    return run


# ---- a typo never creates something new in silence

def test_a_topic_key_close_to_a_known_one_is_refused_with_did_you_mean(deepstate, db_path):
    before = dump(db_path)
    typo = deepstate("add", "--topic", "pokrovsk/distance-to-frnt", "--source", "DeepState", "2 km")
    assert typo.exit_code == 1
    assert typo.stderr == ("error: unknown topic 'pokrovsk/distance-to-frnt': did you mean "
                           "'pokrovsk/distance-to-front'? (--new-topic creates it as written)\n")
    assert dump(db_path) == before
    meant = deepstate("add", "--topic", "pokrovsk/distance-to-frnt", "--source", "DeepState", "2 km", "--new-topic")
    assert meant.exit_code == 0 and "created topic pokrovsk/distance-to-frnt" in meant.stderr


def test_a_source_name_close_to_a_known_one_is_refused(deepstate):
    typo = deepstate("add", "--topic", "pokrovsk/distance-to-front", "--source", "Deep State", "--source-type",
                     "media", "2 km")
    assert typo.exit_code == 1 and "did you mean 'DeepState'? (--new-source creates it as written)" in typo.stderr
    meant = deepstate("add", "--topic", "pokrovsk/distance-to-front", "--source", "Deep State", "--source-type",
                      "media", "2 km", "--new-source")
    assert meant.exit_code == 0 and meant.stderr == "created source Deep State\n"


def test_what_add_and_import_create_is_announced(run, tmp_path):
    added = run("add", "--topic", "kyiv/drones-per-night", "--source", "Air Force", "--source-type", "official",
                "40 drones")
    assert added.stderr == ("created source Air Force\ncreated topic kyiv/drones-per-night\n"
                            + ("" if SERVER else f"created database {tmp_path / 'claims.db'}\n"))
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"topic": f"city-{n}/shelters", "source": "Mayor", "source_type": "official",
                                        "figure": f"{n} shelters"}) + "\n" for n in range(1, 13)), encoding="utf-8")
    imported = run("import", path)
    assert imported.stderr.splitlines() == [
        "created source Mayor",
        "created 12 topics: " + ", ".join(f"city-{n}/shelters" for n in range(1, 11)) + " (and 2 more)"]


def test_an_import_refuses_a_typo_of_a_known_topic_and_writes_nothing(deepstate, tmp_path, db_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"topic": "pokrovsk/distance-to-frnt", "source": "DeepState", "figure": "2 km"}) + "\n",
                    encoding="utf-8")
    before = dump(db_path)
    result = deepstate("import", path)
    assert result.exit_code == 1 and "line 1: unknown topic 'pokrovsk/distance-to-frnt': did you mean" in result.stderr
    assert dump(db_path) == before
    assert deepstate("import", path, "--new-topic").exit_code == 0


# ---- a database path that does not exist

@pytest.mark.parametrize("command", [["list"], ["compare", "x/y"], ["conflicts"], ["history"], ["sources", "list"],
                                     ["topics", "list"], ["export"], ["check"], ["show", "abc"]])
def test_reads_refuse_a_database_that_does_not_exist(run, tmp_path, command):
    result = run(*command, "--db", tmp_path / "typo.db")
    assert result.exit_code == 1 and result.stderr.startswith(f"error: no database at {tmp_path / 'typo.db'}: ")
    assert "creates one" in result.stderr and not (tmp_path / "typo.db").exists()


def test_writes_create_a_database_and_say_so_once_and_never_a_missing_folder(run, tmp_path):
    first = run("sources", "add", "X", "--type", "media", "--db", tmp_path / "new.db")
    assert first.exit_code == 0 and first.stderr == f"created database {tmp_path / 'new.db'}\n"
    again = run("sources", "add", "Y", "--type", "media", "--db", tmp_path / "new.db")
    assert again.exit_code == 0 and again.stderr == ""
    folder = run("sources", "add", "X", "--type", "media", "--db", tmp_path / "no-such-folder" / "new.db")
    assert folder.exit_code == 1 and "folder" in folder.stderr and not (tmp_path / "no-such-folder").exists()


def test_a_failed_first_write_leaves_no_database_behind(run, tmp_path):
    result = run("add", "--topic", "t/x", "--source", "Ghost", "3 km", "--db", tmp_path / "new.db")
    assert result.exit_code == 1 and "unknown source" in result.stderr and "created" not in result.stderr
    assert not (tmp_path / "new.db").exists()


# ---- dates and signs

def test_a_claim_dated_in_the_future_is_refused_unless_allowed(run, db_path):
    args = ["add", "--topic", "t/f", "--source", "S", "--source-type", "media", "3 km", "--as-of", "2999-01-01"]
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == "error: field as_of: 2999-01-01 is in the future (--allow-future keeps it)\n"
    assert run(*args, "--allow-future").exit_code == 0


def test_an_import_dated_in_the_future_names_the_row(run, tmp_path):
    path = tmp_path / "in.jsonl"
    rows = [{"topic": "t/f", "source": "S", "source_type": "media", "figure": "3 km", "as_of": day}
            for day in ("2025-01-01", "2999-01-01")]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 1 and "line 2: field as_of: 2999-01-01 is in the future" in result.stderr
    assert run("import", path, "--allow-future").exit_code == 0


@pytest.mark.parametrize("figure,ok", [("-- -5 km", False), ("-- -300 soldiers", False), ("-- -3 km2", False),
                                       ("-- -5%", True)])
def test_only_shares_and_changes_may_be_negative(run, figure, ok):
    result = run("add", "--topic", "t/s", "--source", "S", "--source-type", "media", *figure.split(" ", 1))
    assert (result.exit_code == 0) == ok, result.stderr
    if not ok:
        assert "is negative, and a" in result.stderr and "topics of kind change" in result.stderr


def test_a_topic_of_kind_change_may_go_below_zero(run):
    assert run("topics", "add", "kursk/territory-change", "--unit", "km2", "--kind", "change").exit_code == 0
    result = run("add", "--topic", "kursk/territory-change", "--source", "S", "--source-type", "official",
                 "--", "-40 km2")
    assert result.exit_code == 0, result.stderr


def test_an_import_with_a_negative_count_is_refused_whole(run, tmp_path, db_path):
    path = tmp_path / "in.jsonl"
    rows = [{"topic": "t/n", "source": "S", "source_type": "media", "value": v, "unit": "people"} for v in (3, -3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 1 and "line 2: field figure: -3 is negative" in result.stderr
    assert not (SERVER or db_path.exists()) or count_rows(open_db(db_path), "claims") == 0


# ---- output files

def test_output_into_a_missing_folder_or_onto_a_folder_is_one_line(run, seeded, tmp_path):
    missing = run("list", "-f", "csv", "-o", tmp_path / "nope" / "x.csv")
    assert missing.exit_code == 1
    folder = tmp_path / "nope"
    assert missing.stderr == f"error: cannot write {folder / 'x.csv'}: folder {folder} does not exist\n"
    folder = run("compare", "pokrovsk/distance-to-front", "-f", "json", "-o", tmp_path)
    assert folder.exit_code == 1 and folder.stderr == f"error: {tmp_path} is a folder: give a file name\n"


def test_an_existing_file_is_kept_unless_forced_and_a_write_says_what_it_wrote(run, seeded, tmp_path):
    target = tmp_path / "c.csv"
    target.write_text("keep me", encoding="utf-8")
    kept = run("export", "-f", "csv", "-o", target)
    assert kept.exit_code == 1 and "already exists: --force replaces it" in kept.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = run("export", "-f", "csv", "-o", target, "--force")
    assert forced.exit_code == 0 and forced.stderr == f"wrote 20 claims to {target}\n"
    assert target.read_text(encoding="utf-8").startswith("id,topic,")
    book = run("compare", "pokrovsk/distance-to-front", "-f", "xlsx", "-o", tmp_path / "d.xlsx")
    assert book.stderr == f"wrote a workbook of 2 sheets to {tmp_path / 'd.xlsx'}\n"


# ---- evidence can be read back

def test_evidence_shows_in_show_history_and_exports(run, seeded, tmp_path):
    assert run("verify", "s0c02", "--status", "confirmed", "--note", "imagery", "--evidence",
               "https://example.org/a", "--evidence", "https://example.org/b").exit_code == 0
    shown = json.loads(run("show", "s0c02", "-f", "json").stdout)[0]
    assert shown["evidence"] == ["https://example.org/a", "https://example.org/b"]
    assert shown["history"][-1]["evidence"] == ["https://example.org/a", "https://example.org/b"]
    assert "https://example.org/a" in run("show", "s0c02").stdout
    history = json.loads(run("history", "s0c02", "-f", "json").stdout)
    assert history[-1]["evidence"] == ["https://example.org/a", "https://example.org/b"]
    assert "https://example.org/b" in run("history", "s0c02").stdout
    exported = tmp_path / "all.csv"
    run("export", "-f", "csv", "-o", exported)
    assert "https://example.org/a; https://example.org/b" in exported.read_text(encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert run("import", exported, "--db", fresh).exit_code == 0
    again = tmp_path / "again.csv"
    run("export", "-f", "csv", "-o", again, "--db", fresh)
    assert again.read_bytes() == exported.read_bytes()


# ---- tables that fit the terminal

TABLES = {
    "compare": (["compare", "pokrovsk/distance-to-front"],
                ["id", "source", "code", "status", "as_of", "figure", "low", "best", "high", "interval", "flags"],
                ["s0c01", "s0c02", "conflict", "within", "1.61", "consensus", "unverified", "2025-01-03"]),
    "list": (["list"], ["id", "topic", "source", "code", "figure", "status", "as_of", "via"],
             ["s0c01", "s1c09", "F6", "unverified", "2025-01-03", "UNIAN"]),
    "conflicts": (["conflicts"], ["topic", "unit", "claims", "sources", "in conflict", "pairs", "severity", "grade",
                                  "consensus"], ["contested", "1.86"]),
    "history": (["history", "s0c02"], ["at", "who", "action", "field", "old", "new", "why", "evidence"],
                ["verify", "https://x.org/a"]),
    "extract": (["extract", "fixtures/articles/003_euromaidan_400_daily.txt"],
                ["figure", "source", "source_type", "side", "topic", "via", "as_of", "confidence"],
                ["Lytvyn", "Trehubov", "2025-01-03"]),
    "sources list": (["sources", "list"], ["name", "type", "side", "reliability", "aliases", "claims"],
                     ["DeepState", "DeepStateMap", "Ivanayev"]),
    "topics list": (["topics", "list"], ["key", "title", "unit", "kind", "claims", "sources"],
                    ["km2/month", "level", "rate"]),
}


@pytest.mark.parametrize("width", [80, 100, 160])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_fits_the_terminal_and_keeps_every_column(seeded, name, width):
    from pathlib import Path

    from typer.testing import CliRunner

    import cli

    runner = CliRunner()
    runner.invoke(cli.app, ["verify", "s0c02", "--status", "disputed", "--note", "checking",
                            "--evidence", "https://x.org/a"], env={"COLUMNS": "120"})
    args, headers, values = TABLES[name]
    root = Path(cli.__file__).parent
    args = [str(root / a) if a.startswith("fixtures/") else a for a in args]
    result = runner.invoke(cli.app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    words = set(result.stdout.split())
    assert all(set(header.split()) <= words for header in headers), [h for h in headers if not set(h.split()) <= words]
    assert all(value in result.stdout for value in values), [v for v in values if v not in result.stdout]


def test_a_table_that_cannot_fit_becomes_one_record_per_row(monkeypatch, capsys):
    from claims.output import output

    monkeypatch.setenv("COLUMNS", "40")
    rows = [{"id": "abcdefghijkl", "source": "DeepState", "status": "unverified", "as_of": "2025-01-03",
             "reported_on": "2025-01-04", "admiralty": "F6"}]
    output.table(rows, list(rows[0]), title="wide")
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == ["wide", "-- 1 of 1 ------------------------------", "id           abcdefghijkl"]
    assert all(len(line) <= 40 for line in out.splitlines()) and "reported_on  2025-01-04" in out


def test_reads_of_an_unknown_topic_or_source_suggest_the_close_one(run, seeded):
    assert run("compare", "pokrovsk/distance-to-frnt").stderr == (
        "error: unknown topic 'pokrovsk/distance-to-frnt': did you mean 'pokrovsk/distance-to-front'?\n")
    wrong = run("list", "--source", "Deep State")
    assert wrong.stderr == "error: unknown source 'Deep State': did you mean 'DeepState'?\n"
    assert run("list", "--source", "Nobody at all").stderr == "error: unknown source 'Nobody at all'\n"
