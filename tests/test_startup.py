"""Short commands import nothing they do not use: held on `python -X importtime`, which
lists every module a process imports (timings are for benchmarks/; only names here).

numpy (pulled in by sqlite-utils when installed), the figure reader's patterns, pydantic,
the charts and the page templates cost `list` and `compare` 25-27 % of their wall time.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.operations import demo
from claims.storage.db import open_db

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START = ("numpy", "pandas", "matplotlib", "pydantic", "claims.figures.reading", "claims.output.charts",
                "claims.output.pages", "claims.output.workbook", "openpyxl", "pint")

pytestmark = [pytest.mark.slow, pytest.mark.file_only]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("startup") / "claims.db"
    database = open_db(path)
    demo.load(database)
    database.close()
    return path


def imported_modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "claims", *args], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert len(lines) > 50, done.stderr[-2000:]  # importtime did report
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in NOT_AT_START))


def test_help_opens_no_database_and_loads_no_database_code():
    """`claims --help` was 1.6x slower than before the package moved into folders: the end of
    every command loaded the database code to ask whether it had created a database."""
    modules = imported_modules("--help")
    assert sorted(m for m in modules if m.startswith(("sqlite_utils", "claims.storage", "psycopg"))) == []


def test_list_imports_nothing_it_does_not_use(seeded):
    assert heavy(imported_modules("list", "--limit", "10", "--db", str(seeded))) == []


def test_compare_of_a_small_topic_imports_nothing_it_does_not_use(seeded):
    topic = open_db(seeded).execute("SELECT key FROM topics ORDER BY id LIMIT 1").fetchone()[0]
    modules = imported_modules("compare", topic, "--db", str(seeded))
    assert "claims.operations.compare" in modules
    assert heavy(modules) == []


def test_numpy_still_loads_after_sqlite_utils_did_without_it():
    """numpy is hidden only while sqlite-utils loads: the learning still imports it."""
    code = "import claims.storage.db, sqlite_utils.db, numpy; print(sqlite_utils.db.np is None, numpy.__name__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "numpy"]
