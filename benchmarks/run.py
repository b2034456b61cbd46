"""Every benchmark in one run, one table: each figure, its target, and its ratio to a
baseline measured in the same run (these machines are noisy; absolute times drift).

    python benchmarks/run.py            # the full size: 1,000,000 claims
    python benchmarks/run.py --quick    # 100,000 claims, for a first look
    python benchmarks/run.py --only figures,compare

The generated databases are cached under benchmarks/.data/ (keyed by size and seed).
"""

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
sys.path[:0] = [str(ROOT), str(HERE)]

import generate  # noqa: E402

RESULTS: list[dict] = []


def report(name: str, value: float, unit: str, target: str, baseline_name: str, ratio: float | None,
           ok: bool | None) -> None:
    RESULTS.append(dict(name=name, value=value, unit=unit, target=target, baseline=baseline_name,
                        ratio=ratio, ok=ok))
    shown = _shown(value)
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    ratio_text = "" if ratio is None else _ratio(ratio)
    print(f"  {name}: {shown} {unit} (target {target}; {ratio_text} {baseline_name}) {verdict}", flush=True)


def _shown(value: float) -> str:
    """Shares and small rates to three places (0.886, not 0.9); the rest as before."""
    return f"{value:.3f}" if value < 10 else f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def _ratio(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio >= 0.01 else f"{ratio:.4f}x"


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def timed_together(baseline, ours, repeat: int) -> tuple[float, float]:
    """Best times of two functions run in turns, so that both see the same phases of a
    noisy machine and their ratio holds even when absolute times drift."""
    times = [(timed(baseline), timed(ours)) for _ in range(repeat)]
    return min(t for t, _ in times), min(t for _, t in times)


# ---------------------------------------------------------------- data

def database(size: int, analyzed: bool = False) -> Path:
    """The generated database of `size` claims, built once through our own import and left
    as the import leaves it; `analyzed`: a copy after ANALYZE (as a user, or Datasette's
    tools, may run it), whose statistics change the planner's choices."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"claims-{size}{'-analyzed' if analyzed else ''}.db"
    if path.exists():
        return path
    if analyzed:
        import shutil

        shutil.copy(database(size), str(path) + ".part")
        conn = sqlite3.connect(str(path) + ".part")
        conn.execute("ANALYZE")
        conn.close()
        os.replace(str(path) + ".part", path)
        return path
    jsonl = dataset(size, "jsonl")
    print(f"  building {path.name} from {jsonl.name} (once)...", flush=True)
    from claims.operations import importing
    from claims.storage.db import open_db

    db = open_db(str(path) + ".part")
    importing.import_claims(db, str(jsonl))
    db.close()
    os.replace(str(path) + ".part", path)
    return path


def sizes(size: int) -> dict:
    topics = max(200, size // 50)
    return dict(topics=topics, sources=max(100, size // 200), big=min(10_000, size // 10))


def dataset(size: int, fmt: str) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"claims-{size}.{fmt}"
    if not path.exists():
        writer = generate.write_jsonl if fmt == "jsonl" else generate.write_csv
        writer(str(path) + ".part", size, **sizes(size))
        os.replace(str(path) + ".part", path)
    return path


NARROW = 300_000


def narrow() -> Path:
    """The narrow file: 300,000 rows of five columns without ids, 20,000 topics, 5,000 sources."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"narrow-{NARROW}.jsonl"
    if not path.exists():
        generate.write_narrow(str(path) + ".part", NARROW)
        os.replace(str(path) + ".part", path)
    return path


# ---------------------------------------------------------------- benchmarks

def bench_figures(size: int) -> None:
    """Figures read per second, against a bare regex-and-float reader of the same strings."""
    from claims.figures.reading import parse

    texts = [row["figure"] for row in generate.rows(min(size, 1_000_000), **sizes(size))]
    digits = re.compile(r"[\d,.]+")

    def baseline():
        for text in texts:
            m = digits.search(text)
            float(m.group().replace(",", "").rstrip(".,") or 0)

    def ours():
        for text in texts:
            parse(text)

    def uncached():
        for text in texts:
            _parse.__wrapped__(text)

    from claims.figures.reading import _parse

    base, mine, cold = timed(baseline), timed(ours), timed(uncached)
    rate, cold_rate = len(texts) / mine, len(texts) / cold
    report("figures read per second (one core)", rate, "/s", "(for reference)", "of a bare regex+float reader",
           rate / (len(texts) / base), None)
    # for reference: every text read afresh, as if no figure ever repeated (in real data they do)
    report("figures read per second, cache off", cold_rate, "/s", "(for reference)",
           "of a bare regex+float reader", cold_rate / (len(texts) / base), None)


COMPARE_SIZES = (100_000, 300_000, 1_000_000)


def bench_compare(size: int) -> None:
    """`compare` on the big topic and on 100 ordinary ones, each against the raw SQL fetch
    of what it reads, timed in turns, at each size up to `size` and on the database as the
    import left it and after ANALYZE; then `conflicts` and the learning over the whole
    database of `size` claims."""
    for n in [s for s in COMPARE_SIZES if s < size] + [size]:
        for analyzed in (False, True):
            _compare_rows(n, analyzed)
    _whole_database(size)


def _compare_rows(size: int, analyzed: bool) -> None:
    from claims.operations import compare
    from claims.storage import queries
    from claims.storage.db import open_db
    from claims.storage.dialect import SQLITE

    path = database(size, analyzed)
    db = open_db(path)
    raw = sqlite3.connect(path)
    state = "after ANALYZE" if analyzed else "as imported"

    def fetcher(topic_id):
        return lambda: raw.execute(queries.claims_sql(SQLITE), {"topic": topic_id, "factor": 1.0}).fetchall()

    big = db.execute("SELECT id FROM topics WHERE key = 'big/losses-per-day'").fetchone()[0]
    base, mine = timed_together(fetcher(big), lambda: compare.compare(db, "big/losses-per-day"), 10)
    n = db.execute("SELECT count(*) FROM claims WHERE topic_id = ?", [big]).fetchone()[0]
    report(f"compare one topic of {n:,} claims ({size:,} claims, {state})", mine * 1000, "ms", "<= 2x the raw fetch",
           "the raw SQL fetch of its rows", mine / base, mine / base <= 2)
    topics = db.execute("SELECT id, key FROM topics WHERE key != 'big/losses-per-day' ORDER BY id LIMIT 100").fetchall()
    pairs = [timed_together(fetcher(tid), lambda key=key: compare.compare(db, key), 3) for tid, key in topics]
    median, fetched = statistics.median(t for _, t in pairs), statistics.median(f for f, _ in pairs)
    report(f"compare, median over 100 small topics ({size:,} claims, {state})", median * 1000, "ms",
           "<= 2x the raw fetch", "the raw SQL fetch of its rows", median / fetched, median / fetched <= 2)
    db.close()
    raw.close()


def _whole_database(size: int) -> None:
    from claims.operations import compare, learning
    from claims.storage.db import open_db

    path = database(size)
    db = open_db(path)
    raw = sqlite3.connect(path)

    def scan():
        raw.execute("SELECT * FROM claims").fetchall()

    scanned, full = timed_together(scan, lambda: compare.conflicts(db), 2)
    report("conflicts over the whole database", full, "s", "<= 0.5x the raw fetch", "a raw fetch of every claim",
           full / scanned, full / scanned <= 0.5)
    scanned, learned = timed_together(scan, lambda: learning.learn_from_db(db), 2)
    report("learned consensus over the whole database", learned, "s", "<= 1.5x the raw fetch",
           "a raw fetch of every claim", learned / scanned, learned / scanned <= 1.5)


def bench_clusters(size: int) -> None:
    """Proposing clusters over the whole database against `conflicts` over it, timed in
    turns. The generated quotes are alike ("Claim N as quoted in the source."): every pair
    whose figures agree on one day is compared as text, the most work clustering can have."""
    from claims.operations import clusters, compare
    from claims.storage.db import open_db

    db = open_db(database(size))
    conflicted, clustered = timed_together(lambda: compare.conflicts(db),
                                           lambda: clusters.proposals(db, details=False), 3)
    found = len(clusters.proposals(db, details=False))
    report(f"propose clusters over the whole database ({found:,} found)", clustered, "s", "<= 2x conflicts",
           "`conflicts` over the whole database", clustered / conflicted, clustered / conflicted <= 2.0)



PLACES = {"disk": DATA / "work", "RAM disk": Path("/dev/shm")}
TARGETS = {"disk": 1.5, "RAM disk": 1.0}  # times the throughput of `sqlite-utils insert`
MEMORY_SIZES = (1_000_000, 3_000_000)
MEMORY_LIMIT = 300  # MB


class Run(NamedTuple):
    """One process timed: wall and CPU seconds (its own, its workers' included), and for our
    import the peak memory of the importing process and of its largest worker (MB)."""

    wall: float
    cpu: float
    peak: float = 0.0
    worker_peak: float = 0.0


def bench_import(size: int) -> None:
    """`claims import` (validating every row, reading every figure, resolving topics and
    sources, building the indexes) against `sqlite-utils insert` of the same file (none of
    that), timed in turns: the narrow file and the generated one, each on the disk and on a
    RAM disk, wall and CPU time side by side (on an idle machine with fast storage, the
    CPU ratio is the one a user meets). Then the same narrow file imported again (every
    row already present), the CSV, peak memory at 1,000,000 and 3,000,000 claims, and the
    physical references."""
    files = [("narrow", narrow(), NARROW), ("generated", dataset(size, "jsonl"), size)]
    for label, path, rows in files:
        for place, folder in PLACES.items():
            if folder.parent.exists():
                _import_row(f"import {label} file, {rows:,} rows, {place}", path, rows, place, folder)
    csv_path = dataset(size, "csv")
    _import_row(f"import generated file as CSV, {size:,} rows, disk", csv_path, size, "disk", PLACES["disk"])
    _import_again(narrow())
    _memory(size)
    path = dataset(size, "jsonl")
    rows = _parsed(path, "jsonl")
    raw = _raw_executemany(rows)
    del rows
    with tempfile.TemporaryDirectory(dir=_folder("disk")) as work:
        seconds = _import_in_subprocess(path, Path(work) / "i.db").wall
    # the physical reference: inserting parsed rows into a bare table, nothing checked
    report("import, against raw executemany", size / seconds, "rows/s", "(the physical reference)",
           "of raw executemany of the parsed rows", raw / seconds, None)
    floor = _store_finished_rows(size)
    report("storing finished rows only (no reading, no validation)", size / floor, "rows/s", "(the floor)",
           "of raw executemany of the parsed rows", raw / floor, None)


def _folder(place: str) -> Path:
    folder = PLACES[place]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _import_row(name: str, path: Path, rows: int, place: str, folder: Path) -> None:
    import shutil

    with tempfile.TemporaryDirectory(dir=_folder(place)) as work:
        work = Path(work)
        if place != "disk":  # the file read from the same place the database is written to
            path = Path(shutil.copy(path, work / path.name))
        peer, ours = _in_turns(lambda: _peer_insert(path, work / "peer.db"),
                               lambda: _import_in_subprocess(path, work / "ours.db"))
    target = TARGETS[place]
    ratio = peer.wall / ours.wall
    report(name, rows / ours.wall, f"rows/s (wall {ours.wall:.1f} s, CPU {ours.cpu:.1f} s)",
           f">= {target}x `sqlite-utils insert`",
           f"its throughput (wall {peer.wall:.1f} s); CPU {peer.cpu / ours.cpu:.2f}x its ({peer.cpu:.1f} s)",
           ratio, ratio >= target)


def _import_again(path: Path) -> None:
    """The narrow file imported into the database that already holds it: every row is
    found already present (the duplicates rule), none written."""
    with tempfile.TemporaryDirectory(dir=_folder("disk")) as work:
        target = Path(work) / "again.db"
        _import_in_subprocess(path, target)
        peer, again = _in_turns(lambda: _peer_insert(path, Path(work) / "peer.db"),
                                lambda: _import_in_subprocess(path, target, fresh=False))
    report(f"import the narrow file again, {NARROW:,} rows already present, disk", NARROW / again.wall,
           f"rows/s (wall {again.wall:.1f} s, CPU {again.cpu:.1f} s)", "(for reference)",
           f"the throughput of `sqlite-utils insert` (CPU {peer.cpu / again.cpu:.2f}x its)", peer.wall / again.wall,
           None)


def _memory(size: int) -> None:
    """Peak memory of the import and of `claims learn` at each size: the importing process
    (its workers apart), from the kernel's high-water mark."""
    for n in [m for m in MEMORY_SIZES if size >= MEMORY_SIZES[0]]:
        path = DATA / f"claims-{n}.db"
        part = Path(str(path) + ".part")
        run = _import_in_subprocess(dataset(n, "jsonl"), part)
        os.replace(part, path)  # the database of that size, as `database(n)` builds it
        report(f"import {n:,} claims: peak memory", run.peak, f"MB (largest worker {run.worker_peak:.0f} MB)",
               f"<= {MEMORY_LIMIT} MB", "", None, run.peak <= MEMORY_LIMIT)
        learned = _learn_in_subprocess(path)
        report(f"claims learn over {n:,} claims: peak memory", learned.peak, "MB", f"<= {MEMORY_LIMIT} MB", "",
               None, learned.peak <= MEMORY_LIMIT)


def _in_turns(peer, ours, pairs: int = 2) -> tuple[Run, Run]:
    """The best of `pairs` runs of each, taken in turns."""
    runs = [(peer(), ours()) for _ in range(pairs)]
    return min((p for p, _ in runs), key=lambda r: r.wall), min((o for _, o in runs), key=lambda r: r.wall)


def _timed_process(command: list[str], **kwargs) -> tuple[Run, str]:
    """A process run to its end: wall and CPU time (its own and its children's), its output."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(wall, cpu), done.stdout


def _peer_insert(path: Path, target: Path) -> Run:
    """`sqlite-utils insert` of the same file into a new database: what a user would otherwise run."""
    flag = "--nl" if path.suffix == ".jsonl" else "--csv"
    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    run, _ = _timed_process([sys.executable, "-m", "sqlite_utils", "insert", str(target), "claims", str(path), flag])
    target.unlink()
    return run


PEAKS = (
    # VmHWM, not ru_maxrss: the latter keeps the high-water mark of the process it was forked from
    "import resource\n"
    "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]\n"
    "print(int(peak) / 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
)


def _import_in_subprocess(path: Path, target: Path, fresh: bool = True) -> Run:
    """`claims import` as a user runs it (piped: no progress bar), timed from outside like
    its peer, with its peak memory and its largest worker's."""
    code = ("import sys; sys.argv = ['claims', 'import', sys.argv[1], '--db', sys.argv[2]]\n"
            "from claims.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n" + PEAKS)
    for leftover in target.parent.glob(target.name + "*") if fresh else ():
        leftover.unlink()
    run, out = _timed_process([sys.executable, "-c", code, str(path), str(target)], cwd=ROOT)
    peak, worker = map(float, out.split()[-2:])
    return run._replace(peak=peak, worker_peak=worker)


def _learn_in_subprocess(path: Path) -> Run:
    code = ("import sys; sys.argv = ['claims', 'learn', '--db', sys.argv[1]]\n"
            "from claims.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n" + PEAKS)
    run, out = _timed_process([sys.executable, "-c", code, str(path)], cwd=ROOT)
    return run._replace(peak=float(out.split()[-2]))


def _store_finished_rows(size: int) -> float:
    """What writing alone costs: the claims of the generated database, already built, inserted
    into a fresh claims table the way a big import writes them (secondary indexes dropped,
    rows inserted, indexes rebuilt, one commit). No import can be faster than this."""
    from claims.storage.db import open_db, write

    source = sqlite3.connect(database(size))
    rows = source.execute("SELECT * FROM claims").fetchall()
    columns = [r[1] for r in source.execute("PRAGMA table_info(claims)")]
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "floor.db")
        for table in ("topics", "sources", "imports"):
            found = source.execute(f"SELECT * FROM {table}").fetchall()
            db.conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(found[0]))})", found)
        db.conn.commit()
        db.execute("PRAGMA cache_size = -131072")
        db.execute("PRAGMA foreign_keys = OFF")
        start = time.perf_counter()
        with write(db), db.indexes_set_aside(active=True):  # exactly what a big import does
            db.conn.executemany(f"INSERT INTO claims ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                rows)
        seconds = time.perf_counter() - start
        db.close()
    source.close()
    return seconds


def _parsed(path: Path, fmt: str) -> list[tuple]:
    import csv
    import json

    with open(path, encoding="utf-8", newline="") as handle:
        if fmt == "jsonl":
            items = [json.loads(line) for line in handle]
            return [tuple(str(v) for v in item.values()) for item in items]
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def _raw_executemany(rows: list[tuple]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(Path(folder) / "raw.db")
        width = len(rows[0])
        conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(width))})")
        sql = f"INSERT INTO t VALUES ({', '.join('?' * width)})"

        def insert():
            conn.executemany(sql, rows)
            conn.commit()

        seconds = timed(insert)
        conn.close()
    return seconds


def bench_startup(size: int) -> None:
    """Start-up of `claims --help`, `claims list --limit 10` and `compare` of a small topic,
    against a bare Typer app and against the imports every command needs, timed in turns."""
    minimal = HERE / "minimal_typer.py"
    help_base, help_ours = _in_turns_runs([sys.executable, str(minimal), "--help"],
                                          [sys.executable, "-m", "claims", "--help"])
    report("claims --help", help_ours * 1000, "ms", "<= 1.2x a one-command Typer app's --help",
           "of that app", help_ours / help_base, help_ours / help_base <= 1.2)
    path = database(size)
    small = sqlite3.connect(path).execute(
        "SELECT key FROM topics WHERE key != 'big/losses-per-day' ORDER BY id LIMIT 1").fetchone()[0]
    imports = [sys.executable, "-c", "import typer, sqlite_utils"]
    for name, command in (("claims list --limit 10", ["list", "--limit", "10"]),
                          ("claims compare of a small topic", ["compare", small])):
        base, ours = _in_turns_runs(imports, [sys.executable, "-m", "claims", *command, "--db", str(path)])
        report(name, ours * 1000, "ms", "<= 1.2x `import typer, sqlite_utils`", "of those imports", ours / base,
               ours / base <= 1.2)


def _in_turns_runs(baseline: list[str], ours: list[str], repeat: int = 7) -> tuple[float, float]:
    """Medians of two commands run in turns."""
    _run_time(baseline, 1), _run_time(ours, 1)  # the disk cache warmed for both
    pairs = [(_run_time(baseline, 1), _run_time(ours, 1)) for _ in range(repeat)]
    return statistics.median(b for b, _ in pairs), statistics.median(o for _, o in pairs)


def _run_time(command: list[str], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True, env={**os.environ, "COLUMNS": "120"})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_extract(size: int) -> None:
    """Precision and recall on the labelled corpus (seed articles, dev, test and test2 parts, apart),
    and throughput over all of it from cold caches: extract_bench.py, in this table."""
    import extract_bench

    for part in ("seed", "dev", "test", "test2"):  # test and test2 are spent: scored once each, then reported
        result = extract_bench.run(part)
        target = extract_bench.TARGETS["seed" if part == "seed" else "test"]
        for level in ("figure", "figure+claimant"):
            wanted = extract_bench.TARGETS["figure"] if level == "figure" else target
            for measure in ("precision", "recall"):
                value = result[level][measure]
                report(f"extract {measure} ({level}, {part} part)", value, "", f">= {wanted}", "", None,
                       value >= wanted if part != "dev" else None)
    rate, ratio = extract_bench.throughput(repeat=10)
    report("extract throughput (cold caches)", rate, "MB/s", ">= 1 MB/s", "of a bare regex scan for numbers",
           ratio, rate >= extract_bench.TARGETS["throughput"])


def bench_team(address: str, size: int) -> None:
    """Team mode: the same work on a PostgreSQL server and on the SQLite file, in turns, as
    ratios to SQLite: the import, `compare` of the 10,000-claim topic, `conflicts` over the
    whole base, and the latency of adding one claim. Each import goes into a new schema."""
    import psycopg

    from claims.operations import compare, importing
    from claims.storage import store
    from claims.storage.db import open_db

    jsonl = dataset(size, "jsonl")
    schemas: list[str] = []

    def new_schema() -> str:
        schemas.append(f"claims_bench_{len(schemas)}_{os.getpid()}")
        with psycopg.connect(address, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schemas[-1]}")
        return address + ("&" if "?" in address else "?") + f"options=-csearch_path%3D{schemas[-1]}"

    with tempfile.TemporaryDirectory() as folder:
        targets = {"sqlite": [], "postgresql": []}

        def import_into(engine: str, target: str) -> None:
            database = open_db(target)
            importing.import_claims(database, str(jsonl))
            database.close()
            targets[engine].append(target)

        try:
            times = [(timed(lambda n=n: import_into("sqlite", str(Path(folder) / f"{n}.db"))),
                      timed(lambda: import_into("postgresql", new_schema()))) for n in range(2)]
            on_file, on_server = min(t for t, _ in times), min(t for _, t in times)
            report(f"team: import {size:,} claims from jsonl", size / on_server, "rows/s", ">= 0.3x the SQLite import",
                   "the throughput of the same import into SQLite", on_file / on_server, on_file / on_server >= 0.3)
            _team_reads(open_db(targets["sqlite"][-1]), open_db(targets["postgresql"][-1]), compare, store)
        finally:
            with psycopg.connect(address, autocommit=True) as conn:
                for schema in schemas:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _team_reads(file_db, server_db, compare, store) -> None:
    from claims.operations import recording
    from claims.rules.models import new_claim

    on_file, on_server = timed_together(lambda: compare.compare(file_db, "big/losses-per-day"),
                                        lambda: compare.compare(server_db, "big/losses-per-day"), 10)
    report("team: compare one topic of 10,000 claims", on_server * 1000, "ms", "<= 3x SQLite's",
           "SQLite's", on_server / on_file, on_server / on_file <= 3)
    on_file, on_server = timed_together(lambda: compare.conflicts(file_db), lambda: compare.conflicts(server_db), 2)
    report("team: conflicts over the whole base", on_server, "s", "(for reference)", "SQLite's",
           on_server / on_file, None)
    source = file_db.execute("SELECT name FROM sources ORDER BY id LIMIT 1").fetchone()[0]

    def add(database):
        recording.add_claim(database, new_claim(topic="big/losses-per-day", source=source,
                                                figure="120 soldiers a day", as_of="2025-01-03"))

    pairs = [(timed(lambda: add(file_db)), timed(lambda: add(server_db))) for _ in range(50)]
    on_file, on_server = (statistics.median(t for t, _ in pairs), statistics.median(t for _, t in pairs))
    report("team: add one claim (latency)", on_server * 1000, "ms", "(for reference)", "SQLite's",
           on_server / on_file, None)


BENCHES = {"figures": bench_figures, "extract": bench_extract, "compare": bench_compare, "import": bench_import,
           "startup": bench_startup, "clusters": bench_clusters}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 claims instead of 1,000,000")
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--only", default=",".join(BENCHES))
    parser.add_argument("--db", metavar="ADDRESS", help=(
        "a postgresql:// server: run the team-mode table there instead, against SQLite (300,000 claims)"))
    args = parser.parse_args()
    size = args.size or (100_000 if args.quick else 300_000 if args.db else 1_000_000)
    if args.db:
        print("team:", flush=True)
        bench_team(args.db, size)
    for name in [] if args.db else args.only.split(","):
        print(f"{name}:", flush=True)
        BENCHES[name](size)
    print()
    print(f"| benchmark ({size:,} claims) | measured | target | ratio to baseline | |")
    print("| --- | --- | --- | --- | --- |")
    for r in RESULTS:
        shown = _shown(r["value"])
        ratio = "" if r["ratio"] is None else f"{_ratio(r['ratio'])} {r['baseline']}"
        verdict = "" if r["ok"] is None else ("met" if r["ok"] else "MISSED")
        print(f"| {r['name']} | {shown} {r['unit']} | {r['target']} | {ratio} | {verdict} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
