"""The command line, through Typer's CliRunner: normal paths and bad input."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import count_rows, dump

import cli
from claims.storage.db import open_db


@pytest.mark.parametrize("args,message", [
    (["sources", "add", "X", "--type", "media", "--alias", "a;b"], "field aliases: 'a;b' contains ';'"),
    (["add", "--topic", "t", "--source", "X", "--source-type", "media", "--via", "x;y", "3 km"],
     "field via: 'x;y' contains ';'"),
])
def test_list_items_cannot_hold_the_separator(run, db_path, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}, which separates list items\n"
    assert count_rows(open_db(db_path), "sources") == 0


def test_sources_add_list_show(run):
    result = run("sources", "add", "DeepState", "--type", "monitoring_group", "--side", "ua",
                 "--reliability", "b", "--alias", "DeepStateMap")
    assert result.exit_code == 0, result.output
    assert result.stdout == "added source DeepState\n"
    listed = json.loads(run("sources", "list", "--format", "json").stdout)
    assert listed == [{"name": "DeepState", "type": "monitoring_group", "side": "ua", "reliability": "B",
                       "aliases": "DeepStateMap", "claims": 0, "notes": None, "url": None}]
    shown = json.loads(run("sources", "show", "deepstatemap", "--format", "json").stdout)[0]
    assert shown["name"] == "DeepState" and shown["aliases"] == ["DeepStateMap"]


def test_add_prints_the_new_id_and_list_shows_it(run):
    run("sources", "add", "DeepState", "--type", "monitoring_group", "--side", "ua")
    result = run("add", "--topic", "pokrovsk/distance-to-front", "--source", "DeepState", "3 km",
                 "--as-of", "2025-01-03", "--via", "UNIAN", "--via", "Euromaidan Press")
    assert result.exit_code == 0, result.output
    claim_id = result.stdout.strip()
    assert len(claim_id) == 12
    rows = json.loads(run("list", "--format", "json").stdout)
    assert [(r["id"], r["value"], r["unit"], r["via"]) for r in rows] == [
        (claim_id, 3, "km", ["UNIAN", "Euromaidan Press"])]
    required = {"id", "topic", "source", "source_type", "side", "value", "low", "high", "unit", "qualifier",
                "as_of", "reported_on", "status", "credibility", "via", "quote"}
    assert required <= set(rows[0])


def test_add_creates_an_unknown_source_only_with_its_type(run, db_path):
    result = run("add", "--topic", "t", "--source", "Nobody", "3 km", "--source-type", "media")
    assert result.exit_code == 0, result.output
    assert json.loads(run("sources", "show", "Nobody", "-f", "json").stdout)[0]["type"] == "media"


def test_add_without_figure_records_a_claim_without_number(run):
    result = run("add", "--topic", "pokrovsk/outskirts", "--source", "Yuri Podolyaka", "--source-type",
                 "milblogger", "--quote", "recon units reached the outskirts")
    assert result.exit_code == 0, result.output
    row = json.loads(run("list", "-f", "json").stdout)[0]
    assert row["value"] is None and row["quote"] == "recon units reached the outskirts"


def test_add_warns_when_a_restated_figure_disagrees(run):
    result = run("add", "--topic", "t", "--source", "S", "--source-type", "media", "3 kilometers (5 miles)")
    assert result.exit_code == 0
    assert "warning: restated figure (5 miles) is 8.05 km, not 3 km" in result.stderr


BAD_INPUT = [
    (["sources", "add", "X", "--type", "blogger"], 2, "invalid --type 'blogger': give one of official, "),
    (["sources", "add", "X", "--type", "media", "--reliability", "G"], 2, "invalid --reliability 'G': give one of A"),
    (["sources", "add", "X", "--type", "media", "--side", "Ukraine!"], 1, "bad side 'ukraine!'"),
    (["add", "--topic", "t", "--source", "Ghost", "3 km"], 1, "unknown source 'Ghost'"),
    (["add", "--topic", "t", "--source", "DeepState", "3 km", "--as-of", "03/01/2025"], 1, "bad as_of '03/01/2025'"),
    (["add", "--topic", "t", "--source", "DeepState", "3 km", "--as-of", "2025-02-30"], 1, "bad as_of"),
    (["add", "--topic", "t", "--source", "DeepState", "three-ish km"], 1, "cannot read figure 'three-ish km'"),
    (["add", "--topic", "t", "--source", "DeepState", "3 km", "--credibility", "7"], 2, "--credibility"),
    (["add", "--topic", "Bad Topic", "--source", "DeepState", "3 km"], 1, "bad topic key 'Bad Topic'"),
    (["add", "--topic", "t", "--source", "DeepState", "3 km", "--status", "true"], 2, "invalid --status 'true'"),
    (["show", "nope"], 1, "unknown claim id 'nope'"),
    (["edit", "nope", "--status", "confirmed", "--why", "x"], 1, "unknown claim id 'nope'"),
    (["rm", "nope", "--why", "x"], 1, "unknown claim id 'nope'"),
    (["list", "--source", "Ghost"], 1, "unknown source 'Ghost'"),
    (["list", "--since", "yesterday"], 1, "bad --since 'yesterday'"),
    (["import", "missing.jsonl"], 1, "file not found: missing.jsonl"),
    (["compare", "no/such-topic"], 1, "unknown topic 'no/such-topic'"),
]


@pytest.mark.parametrize("args,code,message", BAD_INPUT, ids=[" ".join(a[:3]) for a, _, _ in BAD_INPUT])
def test_bad_input_is_one_clear_line_and_changes_nothing(run, seeded, args, code, message):
    run("sources", "add", "DeepState", "--type", "monitoring_group")
    before = dump(seeded)
    result = run(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert dump(seeded) == before


def test_edit_needs_a_reason(run, seeded):
    result = run("edit", "s0c02", "--status", "confirmed")
    assert result.exit_code == 2
    assert "Missing option '--why'" in result.stderr


def test_show_edit_rm_restore_through_the_cli(run, seeded):
    assert run("edit", "s0c02", "--status", "disputed", "--credibility", "2",
               "--why", "matches imagery").exit_code == 0
    shown = json.loads(run("show", "s0c02", "-f", "json").stdout)[0]
    assert (shown["status"], shown["admiralty"]) == ("disputed", "F2")
    assert [(h["field"], h["new"], h["why"]) for h in shown["history"]][1:] == [
        ("status", "disputed", "matches imagery"), ("credibility", "2", "matches imagery")]
    assert shown["history"][0]["action"] == "import"  # the demo's claims came in by an import
    def deepstate_claims():
        return next(r["claims"] for r in json.loads(run("sources", "list", "-f", "json").stdout)
                    if r["name"] == "DeepState")

    before = deepstate_claims()
    assert run("rm", "s0c02", "--why", "duplicate").stdout == "removed s0c02\n"
    assert "s0c02" not in run("list", "-f", "csv").stdout
    assert deepstate_claims() == before - 1  # a removed claim leaves its source's count
    assert run("restore", "s0c02").exit_code == 0
    assert "s0c02" in run("list", "-f", "csv").stdout and deepstate_claims() == before
    table = run("show", "s0c02").stdout
    assert "as close as 3 kilometers" in table and "imagery" in table and "restore" in table


def test_list_filters(run, seeded):
    def ids(*args):
        return [r["id"] for r in json.loads(run("list", "-f", "json", *args).stdout)]

    assert ids("--topic", "pokrovsk/distance-to-front") == ["s0c01", "s0c02", "s0c03"]
    assert ids("--source", "Victor Trehubov") == ["s1c06"]
    assert ids("--type", "milblogger") == ["s0c03"]
    assert ids("--side", "ru") == ["s0c03", "s0c10"]
    assert ids("--status", "confirmed") == []
    assert len(ids("--since", "2025-01-03", "--until", "2025-01")) == 20
    assert ids("--until", "2024") == []
    assert ids("--limit", "2") == ["s0c01", "s0c02"]


def test_a_table_shows_the_first_rows_and_says_how_many_it_left_out(run, seeded, monkeypatch):
    """A terminal table draws at most TABLE_ROWS rows (a million would take minutes); it says
    so, and every other format, or an explicit --limit, still gives every row asked for."""
    from claims.output import output

    monkeypatch.setattr(output, "TABLE_ROWS", 3)
    every = [r["id"] for r in json.loads(run("list", "-f", "json").stdout)]
    assert len(every) > 5
    table = run("list").stdout
    assert [i for i in every if i in table] == every[:3]
    assert table.endswith(f"showing 3 of {len(every)} rows: --format csv, json or markdown gives every one\n")
    limited = run("list", "--limit", "5").stdout
    assert [i for i in every if i in limited] == every[:5] and "showing" not in limited
    assert [r["id"] for r in json.loads(run("list", "--limit", "0", "-f", "json").stdout)] == every
    assert len(run("list", "-f", "csv").stdout.splitlines()) == len(every) + 1
    assert "showing" not in run("list", "--topic", "pokrovsk/distance-to-front").stdout  # 3 of 3


@pytest.mark.parametrize("command", [["topics", "list"], ["sources", "list"], ["sources", "list", "--side", "ua"]])
def test_topic_and_source_tables_show_the_first_rows_and_count_the_rest(run, seeded, monkeypatch, command):
    from claims.output import output

    monkeypatch.setattr(output, "TABLE_ROWS", 2)
    every = run(*command, "-f", "json").stdout
    total = len(json.loads(every))
    assert total > 2
    table = run(*command).stdout
    assert table.endswith(f"showing 2 of {total} rows: --format csv, json or markdown gives every one\n")
    names = [r.get("key") or r["name"] for r in json.loads(every)]
    assert not [n for n in names[2:] if n in table]  # (the two shown may wrap in their cells)
    assert len(run(*command, "-f", "csv").stdout.splitlines()) == total + 1


def test_a_comparison_table_keeps_its_consensus_row_when_it_leaves_claims_out(run, seeded, monkeypatch):
    from claims.output import output

    monkeypatch.setattr(output, "TABLE_ROWS", 2)
    out = run("compare", "pokrovsk/distance-to-front").stdout
    assert "s0c01" in out and "s0c02" in out and "s0c03" not in out
    assert "consensus" in out and "showing 2 of 3 claims: --format csv, json or markdown gives every one" in out
    assert len(json.loads(run("compare", "pokrovsk/distance-to-front", "-f", "json").stdout)["claims"]) == 3


def test_list_csv_is_exact(run, seeded):
    out = run("list", "-f", "csv", "--topic", "pokrovsk/ukrainian-positions-lost").stdout
    assert out == (
        "id,topic,source,source_type,side,reliability,admiralty,figure,value,low,high,unit,qualifier,likelihood,"
        "as_of,reported_on,status,credibility,evidence,via,quote,url,place,notes,tags,created,updated\n"
        "s0c07,pokrovsk/ukrainian-positions-lost,Nazar Voloshyn,official,ua,F,F6,1 position,1,1,1,positions,"
        "exact,,2025-01-03,2025-01-03,unverified,6,,,\"Ukrainian military spokesperson Nazar Voloshyn confirmed "
        "that two positions had been destroyed and another lost, stating, “Measures are being taken to restore "
        "positions.”\",,,The text says 'and another lost': one position.,seed-000,2026-11-22T00:00:00Z,"
        "2026-11-22T00:00:00Z\n")


def test_list_json_and_jsonl_are_exact(run, seeded):
    out = run("list", "-f", "jsonl", "--topic", "pokrovsk/critical-infrastructure-destroyed").stdout
    expected = {
        "id": "s1c05", "topic": "pokrovsk/critical-infrastructure-destroyed", "source": "unattributed reports",
        "source_type": "unattributed", "side": "unknown", "reliability": "F", "admiralty": "F6",
        "figure": "90%", "value": 90, "low": 90, "high": 90, "unit": "%", "qualifier": "exact", "likelihood": None,
        "as_of": "2025-01-03", "reported_on": "2025-01-03", "status": "unverified", "credibility": 6,
        "evidence": [], "via": ["Euromaidan Press"],
        "quote": "Reports indicate that 75% of the residential buildings and 90% of critical infrastructure "
                 "have been destroyed.",
        "url": None, "place": "Pokrovsk", "notes": None, "tags": ["seed-003"],
        "created": "2026-11-22T00:00:00Z", "updated": "2026-11-22T00:00:00Z"}
    assert out == json.dumps(expected, ensure_ascii=False) + "\n"
    assert json.loads(run("list", "-f", "json", "--topic", "pokrovsk/critical-infrastructure-destroyed")
                      .stdout) == [expected]


def test_list_markdown_is_exact(run, seeded):
    out = run("list", "-f", "markdown", "--topic", "pokrovsk/russian-soldiers-eliminated-per-day").stdout
    assert out == (
        "| id | topic | source | admiralty | figure | status | as_of | via |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| s1c01 | pokrovsk/russian-soldiers-eliminated-per-day | Vitalii Lytvyn | F6 | 400 troops daily "
        "| unverified | 2025-01-03 | UNIAN; Euromaidan Press |\n"
        "| s1c02 | pokrovsk/russian-soldiers-eliminated-per-day | Vitalii Lytvyn | F6 | 300 to 400 Russian "
        "soldiers every day | unverified | 2025-01-03 | UNIAN; Euromaidan Press |\n")


def test_list_table_shows_admiralty_codes(run, seeded):
    out = run("list", "--source", "DeepState").stdout
    assert "F6" in out and "DeepState" in out and "as close as 3" in out


def test_cli_runs_from_a_checkout_and_as_an_installed_command(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {"PATH": "/usr/bin:/bin", "CLAIMS_DB": str(tmp_path / "x.db"), "HOME": str(tmp_path)}
    by_path = subprocess.run([sys.executable, "cli.py", "--help"], cwd=root, capture_output=True, text=True, env=env)
    assert by_path.returncode == 0 and "compare" in by_path.stdout
    added = subprocess.run([sys.executable, "cli.py", "add", "--topic", "t", "--source", "S", "--source-type",
                            "media", "3 km"], cwd=root, capture_output=True, text=True, env=env)
    assert added.returncode == 0 and len(added.stdout.strip()) == 12


def test_sources_edit_renames_adds_aliases_and_keeps_history(run, seeded):
    result = run("sources", "edit", "DeepState", "--reliability", "B", "--alias", "DSM", "--notes", "maps daily",
                 "--why", "track record on front-line maps")
    assert result.exit_code == 0, result.output
    shown = json.loads(run("sources", "show", "dsm", "-f", "json").stdout)[0]
    assert (shown["name"], shown["reliability"], shown["notes"]) == ("DeepState", "B", "maps daily")
    assert "DSM" in shown["aliases"]
    changes = [(h["action"], h["field"], h["old"], h["new"]) for h in shown["history"] if h["action"] != "create"]
    assert ("edit", "reliability", "F", "B") in changes and ("alias", "aliases", None, "DSM") in changes
    assert run("list", "--source", "DeepState", "-f", "json").stdout.count('"admiralty": "B6"') == 1
    assert run("sources", "edit", "DeepState", "--name", "Yuri Podolyaka", "--why", "x").exit_code == 1


def test_sources_edit_with_an_unknown_original_changes_nothing(run, seeded):
    before = dump(seeded)
    result = run("sources", "edit", "DeepState", "--reliability", "A", "--copies", "Nobody", "--why", "x")
    assert result.exit_code == 1 and result.stderr == "error: unknown source 'Nobody'\n"
    assert dump(seeded) == before


def test_edit_cannot_corroborate_without_an_independent_source(run, seeded):
    before = dump(seeded)
    result = run("edit", "s1c01", "--status", "corroborated", "--why", "Lytvyn said it twice")
    assert result.exit_code == 1 and "cannot be corroborated" in result.stderr
    assert dump(seeded) == before


# ---- start-up: values converted without pydantic, exactly as Typer converts them

def all_parameters():
    from typer.main import get_command

    def walk(command):
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)
        for param in command.params:
            yield command, param

    return list(walk(get_command(cli.app)))


def test_quick_coercion_gives_what_typer_gives():
    from typer import core
    from typer._click import Context

    from claims.cli import quick_coercion

    quick_coercion.install()
    checked = 0
    for command, param in all_parameters():
        if isinstance(param.get_runtime_param(), quick_coercion.QuickCoercion):
            quick, slow = param.get_runtime_param(), param.get_runtime_param().slow(param)
        else:
            continue
        kind = param.type_descriptor.annotation
        values = [None, "10", "-1", "0", "007", "3.5", "x", "--1", param.default]
        values += [m.value for m in kind] + [m.value.upper() for m in kind] if hasattr(kind, "__members__") else []
        for value in values:
            fast = quick.quick(value, param)
            if fast is quick.UNSURE:
                continue
            real = slow.coerce(value, param=param, ctx=Context(command))
            assert (fast, type(fast)) == (real, type(real)), (command.name, param.name, value)
            checked += 1
    assert checked > 100
    assert isinstance(core._TyperParameter.get_runtime_param, type(quick_coercion.install))


def test_listing_claims_does_not_import_pydantic(seeded):
    code = ("import sys, cli\nsys.argv = ['claims', 'list', '--limit', '10', '--format', 'json']\n"
            "try:\n    cli.main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
            "print('pydantic' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=Path(cli.__file__).parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "False"
    assert len(json.loads(done.stdout)) == 10


@pytest.mark.parametrize("args,message", [
    (["list", "--limit", "-1"], "invalid --limit '-1': give a whole number of at least 0"),
    (["list", "--limit", "abc"], "invalid --limit 'abc': give a whole number of at least 0"),
    (["add", "--topic", "t", "--source", "S", "--credibility", "9"],
     "invalid --credibility '9': give a whole number from 1 to 6"),
    (["compare", "t", "--tolerance", "abc"], "invalid --tolerance 'abc': give a number"),
    (["list", "--status", "bogus"], "invalid --status 'bogus': give one of unverified, corroborated, confirmed, "
                                    "disputed, refuted, retracted"),
])
def test_a_bad_value_is_refused_in_the_tools_own_words(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output == f"error: {message}\n"
    assert "Input should" not in result.output and "Value error" not in result.output


def test_an_unreadable_figure_is_refused_with_the_way_out_and_stored_with_numbers(run, db_path):
    run("sources", "add", "DeepState", "--type", "monitoring_group")
    before = dump(db_path)
    refused = run("add", "--topic", "t/d", "--source", "DeepState", "two point free km")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.startswith("error: cannot read figure 'two point free km': 'point' after the number")
    assert "--value, --low, --high and --unit" in refused.stderr and refused.stderr.count("\n") == 1
    assert dump(db_path) == before
    kept = run("add", "--topic", "t/d", "--source", "DeepState", "two point free km", "--value", "2.3",
               "--unit", "km")
    assert kept.exit_code == 0, kept.output
    row = json.loads(run("list", "-f", "json").stdout)[0]
    assert (row["figure"], row["low"], row["value"], row["high"], row["unit"], row["qualifier"]) == \
        ("two point free km", 2.3, 2.3, 2.3, "km", "exact")


@pytest.mark.parametrize("figure,reason", [("10.24 am", "a time of day"), ("aged 30", "an age"),
                                           ("the 3rd", "an ordinal")])
def test_add_refuses_what_is_not_a_figure_as_what_it_is(run, db_path, figure, reason):
    run("sources", "add", "X", "--type", "media")
    result = run("add", "--topic", "t/x", "--source", "X", figure)
    assert result.exit_code == 1 and reason in result.stderr


def test_a_duration_is_a_figure_in_time_units(run):
    run("sources", "add", "X", "--type", "media")
    assert run("add", "--topic", "t/siege", "--source", "X", "61 days").exit_code == 0
    assert run("add", "--topic", "t/siege", "--source", "X", "two months").exit_code == 0
    topic = json.loads(run("topics", "show", "t/siege", "-f", "json").stdout)[0]
    assert (topic["unit"], topic["dimension"]) == ("days", "time")


def _commands(group=None, prefix=()):
    """Every command of the CLI, as the words that call it."""
    group = group or typer.main.get_command(cli.app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


PYTHON_TYPES = re.compile(r"<(?:str|int|float|bool|list|path|text)[^>]*>|\[\[", re.IGNORECASE)


@pytest.mark.parametrize("words", sorted(_commands()), ids=" ".join)
def test_every_help_fits_80_columns_and_ends_with_examples(words):
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli.app, [*words, "-h"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    examples = lines[lines.index("  Examples:") + 1:]
    assert 1 <= len(examples) <= 2 and all(line.startswith("    claims ") for line in examples)
    assert not PYTHON_TYPES.search(result.stdout), PYTHON_TYPES.findall(result.stdout)


def test_conventions_people_expect(run, seeded):
    assert run("--version").stdout.startswith("claims ")
    assert run("list", "-h").stdout.startswith("Usage:")
    assert "--install-completion" in run("--help").stdout and "--show-completion" in run("--help").stdout
    before, after = run("--db", seeded, "list", "-f", "json"), run("list", "-f", "json", "--db", seeded)
    assert before.exit_code == 0 and before.stdout == after.stdout and len(json.loads(before.stdout)) == 20
