"""The fault suite: races, kills, a full disk and fuzzed input, many trials each, with the
figures printed at the end of the run (trials, faults, bad inputs, acknowledged, lost).

Slow (other processes, many trials): `python -m pytest -q -m slow tests/test_faults.py`.
A write the tool acknowledged (exit 0, an id printed) must be there afterwards, every time;
no input or fault may end in a traceback or exit 70 (an internal error).
"""

import json
import os
import random
import signal
import sqlite3
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.slow, pytest.mark.file_only]

# what each test found, printed by conftest's terminal summary (tests/conftest.py)
TABLE: dict[str, dict[str, int]] = {}
COLUMNS = ("trials", "faults", "bad inputs", "acknowledged", "lost", "crashes")


def tally(name: str, **counts) -> None:
    row = TABLE.setdefault(name, dict.fromkeys(COLUMNS, 0))
    for key, value in counts.items():
        row[key.replace("_", " ")] += value


def claims(*args, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command line in a process of its own, as an analyst runs it."""
    return subprocess.run([sys.executable, "-m", "claims", *map(str, args)], capture_output=True, text=True,
                          input=input, timeout=timeout, env={**os.environ, "COLUMNS": "80"})


def crashed(result) -> bool:
    return result.returncode == 70 or "Traceback" in (result.stderr or "")


def _claim_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    conn = sqlite3.connect(path)  # closed here: an open file would keep the small disk mounted
    try:
        return {r[0] for r in conn.execute("SELECT id FROM claims")}
    finally:
        conn.close()


def _failing_csv(path: Path, rows: int) -> Path:
    lines = ["topic,source,source_type,figure"] + [f"t/x{i % 20},Src A,media,{i}" for i in range(rows)]
    path.write_text("\n".join(lines + ["t/x1,Src A,media,not a figure"]) + "\n")
    return path


# ---------------------------------------------------------------- races

def test_a_failing_first_import_never_takes_a_colleagues_add_with_it(tmp_path):
    """Two analysts start on a new file at once: an import that fails at its last row, and an
    add that succeeds. The add's claim is there afterwards, in every trial."""
    bad, trials, lost, acknowledged = _failing_csv(tmp_path / "bad.csv", 3000), 20, 0, 0
    for trial in range(trials):
        path = tmp_path / f"race{trial}.db"
        importer = subprocess.Popen([sys.executable, "-m", "claims", "--db", str(path), "import", str(bad),
                                     "--new-topic", "--new-source"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
        time.sleep(random.uniform(0.2, 1.2))
        added = claims("--db", path, "add", "5", "--topic", "t/y", "--source", "Other", "--source-type", "media",
                       "--new-topic", "--new-source")
        _, error = importer.communicate(timeout=120)
        assert importer.returncode == 1 and "Traceback" not in error
        if added.returncode == 0:
            acknowledged += 1
            lost += added.stdout.strip() not in _claim_ids(path)
        else:  # the only other answer allowed: made meanwhile, nothing written, run it again
            assert added.returncode == 73, added.stderr
        assert not list(tmp_path.glob(f".race{trial}.db.*"))
    tally("race: failing import vs add on a new file", trials=trials, faults=trials, acknowledged=acknowledged,
          lost=lost)
    assert lost == 0 and acknowledged >= trials // 2


def test_two_first_commands_at_once_keep_every_acknowledged_claim(tmp_path):
    trials, acknowledged, lost = 20, 0, 0
    for trial in range(trials):
        path = tmp_path / f"both{trial}.db"
        first = subprocess.Popen([sys.executable, "-m", "claims", "--db", str(path), "add", "1", "--topic", "t/a",
                                  "--source", "A", "--source-type", "media", "--new-topic"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        second = claims("--db", path, "add", "2", "--topic", "t/a", "--source", "A", "--source-type", "media",
                        "--new-topic")
        out, err = first.communicate(timeout=60)
        ids = _claim_ids(path)
        for code, text, error in ((first.returncode, out, err), (second.returncode, second.stdout, second.stderr)):
            assert code in (0, 73) and "Traceback" not in error, error
            if code == 0:
                acknowledged += 1
                lost += text.strip() not in ids
    tally("race: two first adds on a new file", trials=trials, acknowledged=acknowledged, lost=lost)
    assert lost == 0


def test_writers_at_once_lose_nothing(tmp_path):
    path, writers, each = tmp_path / "busy.db", 4, 25
    assert claims("--db", path, "add", "0", "--topic", "t/a", "--source", "A", "--source-type", "media",
                  "--new-topic").returncode == 0
    script = ("import subprocess, sys\n"
              f"for i in range({each}):\n"
              "    r = subprocess.run([sys.executable, '-m', 'claims', '--db', sys.argv[1], 'add', str(i), '--topic',"
              " 't/a', '--source', 'A'], capture_output=True, text=True)\n"
              "    print(r.returncode, r.stdout.strip(), flush=True)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
             for _ in range(writers)]
    answers = [line.split() for p in procs for line in p.communicate(timeout=600)[0].splitlines()]
    acknowledged = [a[1] for a in answers if a[0] == "0"]
    lost = len(set(acknowledged) - _claim_ids(path))
    tally("concurrency: writers adding at once", trials=writers * each, acknowledged=len(acknowledged), lost=lost,
          crashes=sum(a[0] == "70" for a in answers))
    assert lost == 0 and len(acknowledged) == writers * each


# ---------------------------------------------------------------- kills

def test_a_first_import_killed_at_any_point_leaves_nothing_or_everything(tmp_path):
    source = tmp_path / "good.csv"
    rows = 20_000
    source.write_text("topic,source,source_type,figure\n" + "".join(f"t/x{i % 20},A,media,{i}\n" for i in range(rows)))
    trials, outcomes = 20, []
    for trial in range(trials):
        path = tmp_path / f"killed{trial}.db"
        proc = subprocess.Popen([sys.executable, "-m", "claims", "--db", str(path), "import", str(source),
                                 "--new-topic"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.3, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        count = len(_claim_ids(path))
        assert count in (0, rows)
        outcomes.append(count)
        if path.exists():
            assert claims("--db", path, "check").returncode == 0
    tally("kill -9: a first import", trials=trials, faults=trials, acknowledged=0, lost=0)
    assert set(outcomes) <= {0, rows}


def test_a_killed_backup_never_leaves_a_file_under_its_name(tmp_path):
    path = tmp_path / "base.db"
    source = tmp_path / "many.csv"
    source.write_text("topic,source,source_type,figure\n"
                      + "".join(f"t/x{i % 20},A,media,{i}\n" for i in range(50_000)))
    assert claims("--db", path, "import", source, "--new-topic").returncode == 0
    trials, partial = 10, 0
    for trial in range(trials):
        target = tmp_path / f"copy{trial}.db"
        proc = subprocess.Popen([sys.executable, "-m", "claims", "--db", str(path), "backup", str(target)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if target.exists():
            partial += len(_claim_ids(target)) != 50_000
    tally("kill -9: a backup", trials=trials, faults=trials, lost=partial)
    assert partial == 0


# ---------------------------------------------------------------- a full disk

@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system of its own: a tmpfs where this user may mount one (root), else skipped."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    if subprocess.run(["umount", str(mount)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(mount)], check=False)  # detached once nothing holds it


def test_a_full_disk_is_one_line_exit_74_and_loses_nothing(small_disk, tmp_path):
    path = small_disk / "full.db"
    rows = _failing_csv(tmp_path / "x.csv", 1)  # a header and two rows, the last bad
    first = claims("--db", path, "add", "1", "--topic", "t/a", "--source", "A", "--source-type", "media",
                   "--new-topic")
    assert first.returncode == 0
    acknowledged = {first.stdout.strip()}
    many = tmp_path / "many.csv"
    many.write_text("topic,source,source_type,figure,quote\n"
                    + "".join(f"t/a,A,media,{i},{'q' * 200}\n" for i in range(12_000)))
    trials, faults = 0, 0
    for fill_kb in range(0, 2800, 140):
        filler = small_disk / "filler"
        filler.unlink(missing_ok=True)
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1k", f"count={fill_kb}"], capture_output=True)
        backup = small_disk / f"b{fill_kb}.db"
        for args in (["import", many], ["add", "2", "--topic", "t/a", "--source", "A"], ["backup", backup]):
            trials += 1
            result = claims("--db", path, *args)
            assert not crashed(result), result.stderr
            if result.returncode == 74:
                faults += 1
                assert len(result.stderr.splitlines()) == 1 and "full" in result.stderr
            elif result.returncode == 0 and args[0] == "add":
                acknowledged.add(result.stdout.strip())
            else:
                assert result.returncode in (0, 74), result.stderr
        filler.unlink()  # room to read it back (a reader needs its shared-memory file)
        assert acknowledged <= _claim_ids(path)
    filler.unlink(missing_ok=True)
    assert claims("--db", path, "check").returncode == 0
    lost = len(acknowledged - _claim_ids(path))
    del rows
    tally("disk full: import, add, backup on a 3 MB tmpfs", trials=trials, faults=faults,
          acknowledged=len(acknowledged), lost=lost)
    assert faults > 0 and lost == 0


def test_a_database_on_a_read_only_file_system_is_read_and_never_written(small_disk):
    path = small_disk / "archive.db"
    added = claims("--db", path, "add", "5", "--topic", "t/a", "--source", "A", "--source-type", "media",
                   "--new-topic")
    assert added.returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    listed = claims("--db", path, "list", "-f", "json")
    assert listed.returncode == 0 and [c["id"] for c in json.loads(listed.stdout)] == [added.stdout.strip()]
    assert claims("--db", path, "check").returncode == 0
    refused = claims("--db", path, "add", "6", "--topic", "t/a", "--source", "A")
    assert refused.returncode == 1 and "read-only file system" in refused.stderr
    assert len(refused.stderr.splitlines()) == 1
    tally("read-only file system: read, check, refused write", trials=3, faults=1, acknowledged=1)


# ---------------------------------------------------------------- fuzzing

WORDS = ["add", "import", "export", "list", "show", "edit", "rm", "check", "compare", "history", "sources", "topics",
         "--topic", "--source", "--db", "-f", "--format", "--value", "--low", "--high", "--as-of", "--status",
         "--credibility", "--source-type", "csv", "json", "t/a", "S", "-", "--", "5", "-1", "1e308", "nan", "inf",
         "2025-13-45", "\x00", "\x1b[2J", "\udcff", "'=1+1", "\r", "..", "/", "%s", "?password=x", "--help"]


def _fuzzed_args(rng: random.Random) -> list[str]:
    args = [rng.choice(WORDS) for _ in range(rng.randint(1, 7))]
    if rng.random() < 0.3:
        args.append("".join(rng.choice(string.printable + "\u202e\x85é") for _ in range(rng.randint(0, 12))))
    return args


def test_fuzzed_command_lines_never_crash(tmp_path):
    from typer.testing import CliRunner

    from claims.cli.main import app

    path = tmp_path / "fuzz.db"
    assert claims("--db", path, "demo").returncode == 0
    runner, rng, crashes, cases = CliRunner(), random.Random(23), [], 2500
    for _ in range(cases):
        args = _fuzzed_args(rng)
        if "--db" in args:
            args[args.index("--db")] = "--topic"  # never write outside the test's folder
        result = runner.invoke(app, ["--db", str(path), *args], env={"COLUMNS": "80"})
        if result.exit_code == 70 or (result.exception and not isinstance(result.exception, SystemExit)):
            crashes.append((args, result.output[-300:]))
    tally("fuzz: command lines", trials=cases, bad_inputs=cases, crashes=len(crashes))
    assert not crashes, crashes[:3]


def _fuzzed_cell(rng: random.Random) -> str:
    kinds = [lambda: "".join(rng.choice(string.printable) for _ in range(rng.randint(0, 20))),
             lambda: rng.choice(["", "5", "-3", "1e999", "nan", "10-20", "about 3 km", "2025-02-30", "media", "B2"]),
             lambda: "".join(chr(rng.randint(0, 0x2FFFF)) for _ in range(rng.randint(0, 6))),
             lambda: '"' * rng.randint(1, 3) + "x" + "\r" * rng.randint(0, 2)]
    return rng.choice(kinds)()


def test_fuzzed_import_rows_never_crash(tmp_path):
    import csv

    columns = ["topic", "source", "source_type", "figure", "value", "low", "high", "unit", "as_of", "status",
               "credibility", "quote", "via", "tags"]
    rng, rows_total, crashes = random.Random(2323), 0, []
    for batch in range(80):
        path = tmp_path / f"fuzz{batch}.csv"
        with open(path, "w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for _ in range(100):
                writer.writerow([_fuzzed_cell(rng) for _ in columns])
        rows_total += 100
        if rng.random() < 0.2:  # raw damage: bytes that are not UTF-8, cut records
            data = bytearray(path.read_bytes())
            data[rng.randrange(len(data))] = rng.choice([0xFF, 0xC3, 0x00, 0x22])
            path.write_bytes(bytes(data[: rng.randrange(len(data) // 2, len(data))]))
        result = claims("--db", tmp_path / "fuzz.db", "import", path, "--new-topic", "--new-source")
        if crashed(result):
            crashes.append(result.stderr[-300:])
    tally("fuzz: import rows (80 files of 100)", trials=rows_total, bad_inputs=rows_total, crashes=len(crashes))
    assert not crashes, crashes[:3]


TEXT = st.text(st.characters(codec=None, exclude_categories=("Cs",), exclude_characters="\x00")
               | st.sampled_from(list("\r\n\"',=+-@\t\x1c")), max_size=40)


def test_csv_cells_read_back_exactly_for_ten_thousand_texts(tmp_path):
    """The format itself: a row of any texts, written as the export writes it and read as the
    import reads it (its chunked byte reader), gives the same texts, 10,000 examples."""
    from claims.output.output import csv_text
    from claims.readers import read_chunks, rows_of

    path, counts = tmp_path / "cells.csv", {"examples": 0}

    @settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(TEXT, TEXT)
    def read_back(quote, notes):
        text = csv_text([{"quote": quote, "notes": notes, "figure": "1"}], ["quote", "notes", "figure"])
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        rows = [row for chunk, _ in read_chunks(str(path), "csv") for _, row in rows_of(chunk)]
        expected = {k: v for k, v in {"quote": quote, "notes": notes, "figure": "1"}.items() if v != ""}
        assert rows == [expected]
        counts["examples"] += 1

    read_back()
    tally("CSV cells: write, read back (hypothesis)", trials=counts["examples"], bad_inputs=counts["examples"])
    assert counts["examples"] >= 10_000


def test_csv_round_trip_is_exact_for_ten_thousand_texts(tmp_path):
    """export -> import -> export gives the same bytes, for texts of any Unicode (control
    characters included; NUL is refused at input, in one line)."""
    from typer.testing import CliRunner

    from claims.cli.main import app

    runner, counts = CliRunner(), {"texts": 0}

    def run(*args):
        return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "80"})

    @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.lists(st.tuples(TEXT, TEXT), min_size=20, max_size=20))
    def round_trip(pairs):
        folder = tmp_path / f"r{counts['texts']}"
        folder.mkdir()
        rows = [{"topic": "t/a", "source": "S", "source_type": "media", "figure": str(i), "quote": q, "notes": n}
                for i, (q, n) in enumerate(pairs)]
        (folder / "in.json").write_text(json.dumps(rows), encoding="utf-8")
        assert run("import", folder / "in.json", "--db", folder / "a.db", "--new-topic").exit_code == 0
        first = run("export", "-f", "csv", "--db", folder / "a.db").stdout_bytes
        (folder / "out.csv").write_bytes(first)
        second_import = run("import", folder / "out.csv", "--db", folder / "b.db")
        assert second_import.exit_code == 0, second_import.output
        assert run("export", "-f", "csv", "--db", folder / "b.db").stdout_bytes == first
        counts["texts"] += 2 * len(pairs)

    round_trip()
    tally("CSV round trip (export, import, export)", trials=counts["texts"], bad_inputs=counts["texts"])
    assert counts["texts"] >= 10_000
