"""Nothing lost, nothing injected: concurrency, crashes, hostile files, hostile text, backups."""

import csv
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import count_rows, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from claims.basics.errors import ClaimsError
from claims.operations import importing
from claims.storage.db import open_db

ROOT = Path(__file__).resolve().parent.parent


def _python(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# ---------------------------------------------------------------- concurrency

WRITER = """
import sys
from claims.operations import recording
from claims.storage.db import open_db
from claims.rules.models import new_claim
db = open_db(sys.argv[1])
for i in range(int(sys.argv[3])):
    recording.add_claim(db, new_claim(topic="busy/topic", source="Writer " + sys.argv[2], source_type="media",
                                figure=f"{i} km", as_of="2025-01-03"))
print("done")
"""


@pytest.mark.slow
def test_eight_processes_write_at_once_and_nothing_is_lost(db_path):
    open_db(db_path).close()
    writers = [_python(WRITER, db_path, n, 1000) for n in range(8)]
    results = [w.communicate(timeout=240) for w in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0, err
        assert "locked" not in err and out.strip() == "done"
    database = open_db(db_path)
    assert count_rows(database, "claims") == 8000
    assert database.execute("SELECT count(DISTINCT source_id) FROM claims").fetchone()[0] == 8
    assert count_rows(database, "topics") == 1


# ---------------------------------------------------------------- crash safety

def _start_import(source: Path, path: Path) -> subprocess.Popen:
    open_db(path).close()
    return subprocess.Popen([sys.executable, "-m", "cli", "import", str(source), "--db", str(path)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _all_or_nothing(path: Path, rows: int) -> int:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    sources = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    conn.close()
    assert count in (0, rows)
    assert (count == 0) == (sources == 0)  # no orphan sources from a half import
    return count


def _processes_using(path: Path, wait: float = 5.0) -> list[int]:
    """Processes still running with `path` on their command line (after waiting a little)."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


@pytest.mark.slow
def test_an_import_killed_at_a_random_point_leaves_all_or_nothing(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    rows = 20_000
    source = tmp_path / "big.jsonl"
    generate.write_jsonl(source, rows, topics=500, sources=200, big=100)
    start = time.monotonic()
    full = _start_import(source, tmp_path / "whole.db")
    assert full.wait(timeout=300) == 0
    duration = time.monotonic() - start  # this machine's time for the whole import
    assert _all_or_nothing(tmp_path / "whole.db", rows) == rows
    rng = random.Random(int(os.environ.get("CRASH_SEED", "11")))
    outcomes = []
    for attempt in range(3):
        path = tmp_path / f"crash{attempt}.db"
        proc = _start_import(source, path)
        time.sleep(rng.uniform(0.3, 0.8) * duration)  # well inside the import, on any machine
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(_all_or_nothing(path, rows))
        assert _processes_using(path) == []  # its worker processes died with it
    assert 0 in outcomes  # a kill did land before the import committed
    # Ctrl-C (to the whole process group, as a terminal sends it) stops an import and its
    # worker processes: one line, no traceback, nothing written
    path = tmp_path / "interrupted.db"
    open_db(path).close()
    proc = subprocess.Popen([sys.executable, "-m", "cli", "import", str(source), "--db", str(path)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(0.5 * duration)
    os.killpg(proc.pid, signal.SIGINT)
    _, errors = proc.communicate(timeout=60)
    # 130, or death by SIGINT itself (which a shell also shows as 130): Python may end an
    # interrupted process by re-raising the signal once the command has cleaned up
    interrupted = proc.returncode in (130, -signal.SIGINT)
    assert (interrupted, _all_or_nothing(path, rows)) in ((True, 0), (False, rows)), (proc.returncode, errors)
    if interrupted:
        assert errors == "error: interrupted; nothing was written by the unfinished command\n"
        assert proc.returncode == 130 or not _processes_using(path)


# ---------------------------------------------------------------- hostile files

def _import_bytes(tmp_path, content: bytes, suffix: str, database):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    before = snapshot(database)
    try:
        importing.import_claims(database, str(path))
    except ClaimsError as error:
        assert str(error).strip()
        assert snapshot(database) == before


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400))
def test_random_bytes_never_crash_an_import(tmp_path, db, suffix, content):
    _import_bytes(tmp_path, content, suffix, db)


ROW_KEYS = st.sampled_from(["topic", "source", "source_type", "figure", "as_of", "credibility", "via", "status",
                            "value", "low", "high", "id", "tags", "quote", "nonsense"])
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                      max_size=3), max_leaves=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.dictionaries(ROW_KEYS, JSON_VALUES, max_size=8), max_size=5))
def test_json_rows_of_any_shape_import_or_fail_cleanly(tmp_path, db, rows):
    content = "".join(json.dumps(r) + "\n" for r in rows).encode()
    _import_bytes(tmp_path, content, ".jsonl", db)


@pytest.mark.parametrize("encoding,name,readable", [
    ("utf-16", "Хроника Café", True), ("utf-8-sig", "Хроника Café", True),
    ("latin-1", "Café", False), ("cp1251", "Хроника", False),
])
def test_wrong_encodings_import_correctly_or_fail_clearly(tmp_path, db, encoding, name, readable):
    path = tmp_path / "enc.csv"
    path.write_bytes(f"topic,source,source_type,figure\nt,{name},media,3 km\n".encode(encoding))
    if readable:
        importing.import_claims(db, str(path))
        assert db.execute("SELECT name FROM sources").fetchone()[0] == name
    else:
        with pytest.raises(ClaimsError, match="is not UTF-8 text"):
            importing.import_claims(db, str(path))
        assert count_rows(db, "claims") == 0


def test_a_ten_megabyte_quote_imports_whole(tmp_path, db):
    quote = "x" * 10_000_000
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"topic": "t", "source": "S", "source_type": "media", "quote": quote}) + "\n")
    importing.import_claims(db, str(path))
    assert db.execute("SELECT length(quote) FROM claims").fetchone()[0] == 10_000_000


def test_deeply_nested_json_is_refused_cleanly(tmp_path, db):
    _import_bytes(tmp_path, (b"[" * 200_000) + (b"]" * 200_000), ".json", db)
    _import_bytes(tmp_path, b'{"topic": ' + (b"[" * 200_000) + b"\n", ".jsonl", db)


def test_nul_bytes_are_refused(tmp_path, db):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"topic,source,source_type,figure,quote\nt,S,media,3 km,a\x00b\n")
    with pytest.raises(ClaimsError, match="row 1: field quote: contains a NUL byte"):
        importing.import_claims(db, str(path))
    assert count_rows(db, "claims") == 0


def test_a_csv_row_of_100000_columns_is_refused(tmp_path, db):
    path = tmp_path / "wide.csv"
    path.write_text("topic,source,source_type,figure\n" + ",".join(["x"] * 100_000) + "\n")
    with pytest.raises(ClaimsError, match="row 1: 100000 cells where the header has 4"):
        importing.import_claims(db, str(path))
    wide_header = tmp_path / "wide-header.csv"
    wide_header.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join(["x"] * 100_000) + "\n")
    with pytest.raises(ClaimsError, match=r"unknown columns c0, c1, c2, c3, c4 \(and 99995 more\)"):
        importing.import_claims(db, str(wide_header))
    assert count_rows(db, "claims") == 0


# ---------------------------------------------------------------- hostile text in every output

HOSTILE = {
    "quote": "<script>alert('x')</script> \x1b[2J\x1b[31mRED\x1b[0m [bold]loud[/bold] [link=http://evil]x[/link] a|b",
    "notes": "=HYPERLINK(\"http://evil\",\"click\")",
    "place": "'); DROP TABLE claims; --",
}
SOURCE = "+cmd|' /C calc'!A0"


@pytest.fixture
def hostile(run, db_path):
    result = run("add", "--topic", "t", "--source", SOURCE, "--source-type", "media", "3 km", "--as-of", "2025-01-03",
                 "--quote", HOSTILE["quote"], "--notes", HOSTILE["notes"], "--place", HOSTILE["place"])
    assert result.exit_code == 0, result.output
    run("add", "--topic", "t", "--source", "@other", "--source-type", "media", "30 km", "--as-of", "2025-01-03",
        "--quote", "[red]x[/red] | <b>bold</b>")
    return db_path


def test_sql_fragments_are_only_text(hostile, run):
    row = json.loads(run("list", "-f", "json").stdout)[0]
    assert row["place"] == HOSTILE["place"]
    assert count_rows(open_db(hostile), "claims") == 2


def test_table_output_never_obeys_terminal_escapes_or_markup(hostile, run):
    for args in (["list"], ["show", json.loads(run("list", "-f", "json").stdout)[0]["id"]], ["compare", "t"]):
        out = run(*args).stdout
        assert "\x1b" not in out, args
    out = run("show", json.loads(run("list", "-f", "json").stdout)[0]["id"]).stdout
    flat = "".join(out.split())
    assert "\\x1b[2J" in flat and "[bold]loud[/bold]" in flat and "[link=http://evil]x[/link]" in flat


def test_csv_cells_cannot_start_formulas(hostile, run):
    for args in (["list", "-f", "csv"], ["compare", "t", "-f", "csv"], ["export", "-f", "csv"]):
        for row in csv.reader(io.StringIO(run(*args).stdout)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (args, cell)
                if cell.startswith("-"):
                    float(cell)  # only real negative numbers may start with a minus


def test_json_keeps_the_text_exactly(hostile, run):
    rows = json.loads(run("list", "-f", "json").stdout)
    assert rows[0]["quote"] == HOSTILE["quote"] and rows[0]["source"] == SOURCE
    lines = run("list", "-f", "jsonl").stdout.splitlines()
    assert json.loads(lines[0])["notes"] == HOSTILE["notes"]
    compared = json.loads(run("compare", "t", "-f", "json").stdout)
    assert compared["claims"][0]["quote"] == HOSTILE["quote"]


def test_markdown_escapes_pipes_and_html(hostile, run):
    for args in (["list", "-f", "markdown"], ["compare", "t", "-f", "markdown"]):
        out = run(*args).stdout
        table = [line for line in out.splitlines() if line.startswith("|")]
        widths = {line.replace("\\|", "").count("|") for line in table}
        assert len(widths) == 1, (args, widths)  # no stray pipe adds a column
        assert "<b>" not in out and "<script" not in out and "\x1b" not in out


def test_html_escapes_everything(hostile, run):
    out = run("compare", "t", "-f", "html").stdout
    assert "<script" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "\x1b" not in out


def test_xlsx_stores_formulas_as_plain_text(hostile, run, tmp_path):
    path = tmp_path / "t.xlsx"
    assert run("compare", "t", "-f", "xlsx", "-o", path).exit_code == 0
    sheet = load_workbook(path)["t"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == SOURCE for c in cells)
    assert all(c.data_type == "s" for c in cells)


def test_error_messages_do_not_echo_escapes(run):
    result = run("show", "\x1b[2Jx")
    assert result.exit_code == 1 and "\x1b" not in result.stderr


# ---------------------------------------------------------------- backup, history, upgrades, checks

def test_backup_is_consistent_while_another_process_writes(db_path, tmp_path, run):
    open_db(db_path).close()
    writer = _python(WRITER, db_path, 0, 1500)
    time.sleep(0.5)
    copy = tmp_path / "copy.db"
    result = run("backup", copy)
    writer.communicate(timeout=120)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    creates = conn.execute("SELECT count(*) FROM history WHERE entity = 'claim'").fetchone()[0]
    assert claims == creates  # a snapshot of whole transactions, never half of one
    assert run("backup", copy).exit_code == 1


def test_history_of_the_whole_database(seeded, run):
    run("edit", "s0c02", "--status", "confirmed", "--why", "imagery")
    run("rm", "s0c01", "--why", "duplicate")
    rows = json.loads(run("history", "-f", "json").stdout)
    assert [(r["entity"], r["action"]) for r in rows[-2:]] == [("claim", "edit"), ("claim", "remove")]
    assert any(r["entity"] == "import" for r in rows) and any(r["entity"] == "source" for r in rows)
    assert len(json.loads(run("history", "--limit", "1", "-f", "json").stdout)) == 1


def test_an_imported_claims_history_begins_with_its_import(seeded, run):
    shown = run("history", "s0c01")
    assert shown.exit_code == 0 and shown.stdout.strip() and "import 1 of 20 rows from" in shown.stdout
    rows = run("history", "s0c01", "-f", "csv").stdout.splitlines()
    assert rows[0] == "at,who,action,field,old,new,why,evidence" and len(rows) == 2 and ",import,,," in rows[1]
    run("verify", "s0c01", "--status", "disputed", "--note", "imagery")
    actions = [h["action"] for h in json.loads(run("history", "s0c01", "-f", "json").stdout)]
    assert actions == ["import", "verify"]


def test_upgrading_a_database_from_the_first_migration_keeps_every_row(tmp_path):
    old = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "data" / "db-at-migration-001.db", old)
    conn = sqlite3.connect(old)
    before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
              for t in ("sources", "topics", "claims", "history", "source_aliases")}
    conn.close()
    database = open_db(old)
    assert database.pending_migrations() == [] and open_db(":memory:").pending_migrations() == []
    for table, rows in before.items():
        columns = [d[0] for d in sqlite3.connect(old).execute(f"SELECT * FROM {table} LIMIT 0").description]
        kept = database.execute(f"SELECT {', '.join(columns[:len(rows[0])])} FROM {table} ORDER BY rowid").fetchall()
        assert kept == rows, table


@pytest.mark.file_only
def test_check_passes_a_sound_database_and_names_every_problem(seeded, run):
    result = run("check")
    assert result.exit_code == 0 and result.stdout.startswith("ok")
    conn = sqlite3.connect(seeded)
    conn.execute("UPDATE claims SET status = 'bogus' WHERE id = 's0c01'")
    conn.execute("UPDATE claims SET credibility = 9 WHERE id = 's0c02'")
    conn.execute("UPDATE claims SET via = 'not json' WHERE id = 's0c04'")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE claims SET source_id = 999 WHERE id = 's0c06'")
    conn.commit()
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert "claim s0c01: status 'bogus' is not one of" in result.stdout
    assert "claim s0c02: credibility 9 is not 1-6" in result.stdout
    assert "claim s0c04: via is not a JSON list" in result.stdout
    assert "foreign key: claims row" in result.stdout
    assert "error: 4 problems found" in result.stderr


def test_progress_bars_show_on_a_terminal_and_stay_quiet_when_piped(monkeypatch, capsys):
    from claims.output import output

    with output.progress("importing") as bar:
        assert bar is None  # pytest's stderr is not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with output.progress("importing x.jsonl") as bar:
        assert callable(bar)
        bar(50, 100)
        bar(100, 100)


def test_piped_import_and_learning_print_no_progress(run, seeded, tmp_path):
    out = tmp_path / "all.jsonl"
    run("export", "-o", out)
    result = run("import", out, "--db", tmp_path / "fresh.db")
    # only what the import created is said; no progress bar, no control characters
    assert [line.split(" ")[:2] for line in result.stderr.splitlines()] == [
        ["created", "11"], ["created", "17"], ["created", "database"]]
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    result = run("compare", "pokrovsk/distance-to-front", "--policy", "truth", "-f", "csv")
    assert result.stderr == "learned weights worked out now and not kept: `claims learn` stores them\n"
    learned = run("learn")
    assert learned.exit_code == 0 and learned.stderr == ""
    assert learned.stdout == "learned the weights of 8 sources from 13 claims\n"
    result = run("compare", "pokrovsk/distance-to-front", "--policy", "truth", "-f", "csv")
    assert result.stderr == "" and result.exit_code == 0


def test_ctrl_c_stops_a_long_sqlite_statement_not_only_after_it(db):
    """An index rebuilt over a million rows is one long statement: Ctrl-C must stop it, not
    wait for it (Python alone only hears the signal once SQLite returns)."""
    import threading

    from claims.storage.db import interruptible

    counted = []
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        with interruptible(db):
            timer.start()
            counted.append(db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                      "WHERE x < 2000000000) SELECT count(*) FROM c").fetchone())
    timer.join()
    assert counted == []  # the statement was stopped, never finished
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.file_only
def test_the_upgrade_reads_hedged_figures_stored_before_as_bands(tmp_path):
    from sqlite_utils import Database

    from claims.storage.sqlite import SQLiteEngine

    path = tmp_path / "before.db"
    early = Database(path)
    SQLiteEngine(early).migrate(stop_before="010_topic_removal_and_hedge_bands")
    early.execute("INSERT INTO topics (key, unit, dimension, unit_factor, kind, created, updated) "
                  "VALUES ('k', 'soldiers', 'count:soldiers', 1.0, 'cumulative', 'x', 'x')")
    early.execute("INSERT INTO sources (name, type, created, updated) VALUES ('S', 'media', 'x', 'x')")
    for n, (figure, low, high, qualifier) in enumerate([
            ("nearly 400 soldiers", None, 400, "at_most"), ("just over 400 soldiers", 400, None, "more_than"),
            ("up to 400 soldiers", None, 400, "at_most"), ("just under 400 soldiers", None, 400, "less_than")]):
        early.execute("INSERT INTO claims (id, topic_id, source_id, figure, value, low, high, unit, qualifier, "
                      "dimension, base_value, base_low, base_high, created, updated) "
                      "VALUES (?, 1, 1, ?, 400, ?, ?, 'soldiers', ?, 'count:soldiers', 400, ?, ?, 'x', 'x')",
                      [f"c{n}", figure, low, high, qualifier, low, high])
    early.conn.commit()
    early.close()
    database = open_db(path)
    rows = database.execute("SELECT figure, low, value, high, qualifier, base_low, base_high FROM claims "
                            "ORDER BY id").fetchall()
    assert rows == [("nearly 400 soldiers", 360, 400, 400, "just_under", 360, 400),
                    ("just over 400 soldiers", 400, 400, 440, "just_over", 400, 440),
                    ("up to 400 soldiers", None, 400, 400, "at_most", None, 400),
                    ("just under 400 soldiers", 360, 400, 400, "just_under", 360, 400)]
    database.close()
