"""`claims serve`: the database in Datasette, for a colleague to browse and filter in a
browser. Datasette comes with the optional extra `claims[serve]`; it opens the database
read-only (SQLite's mode=ro: a browser can never change it, and what a command adds while
it runs shows on the next page) and serves it on 127.0.0.1 unless told otherwise. The
views and the full-text search it shows are the database's own (migration 005), so
`datasette claims.db` shows them too; this adds titles, descriptions and canned queries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from claims.basics.errors import ClaimsError
from claims.storage.postgres import is_address

INSTALL = "pip install 'claims[serve]'"  # from a checkout: pip install -e '.[serve]'

SOURCE_RECORD = """
SELECT s.name, s.type, s.side, s.reliability, c.status, count(*) AS claims
FROM claims c JOIN sources s ON s.id = c.source_id
WHERE c.deleted_at IS NULL AND s.name = :source COLLATE NOCASE
GROUP BY c.status ORDER BY claims DESC
"""


def metadata(name: str) -> dict:
    """Datasette metadata for the database file `name` (its stem): titles, descriptions,
    which table search runs on, canned queries."""
    readable = {
        "title": "Claims",
        "description": "Every live claim with its topic, original claimant (source), the source's type and side, "
                       "the NATO Admiralty code (reliability A-F, credibility 1-6), the figure as written and its "
                       "interval (low / best / high) in the topic's unit, and its verification status.",
        "fts_table": "claims_fts", "fts_pk": "claim_rowid", "searchmode": "raw",
        "columns": {"admiralty": "Source reliability (A-F) and information credibility (1-6), e.g. B2",
                    "low": "Lower bound in the topic's unit; empty: open below (at most)",
                    "best": "Best estimate in the topic's unit", "unit": "The topic's unit",
                    "high": "Upper bound in the topic's unit; empty: open above (at least)"},
    }
    conflict = {"title": "Topics in conflict",
                "description": "Topics whose live claims miss each other by more than 10% (every claim counted; "
                               "`claims conflicts` also sets aside superseded figures and compares the latest window)."}
    return {
        "title": "claims", "description": "Conflicting claims: who said what, through whom, how sure.",
        "databases": {name: {
            "tables": {"claims_readable": readable, "topics_in_conflict": conflict},
            "queries": {"source_record": {"title": "One source's record", "sql": SOURCE_RECORD.strip(),
                                          "description": "A source's live claims by verification status."},
                        "conflicts": {"title": "Topics in conflict, widest gap first",
                                      "sql": "SELECT * FROM topics_in_conflict ORDER BY highest_low / lowest_high DESC",
                                      "description": conflict["description"]}},
        }},
    }


def command(path: str, host: str, port: int, metadata_file: str, plugins: str) -> list[str]:
    """The Datasette command line that serves `path` read-only, with the plugin in the folder
    `plugins` that refuses unsafe SQL functions (`datasette_hardening`)."""
    from claims.storage.db import on_read_only_place

    # a file on a read-only file system is served as immutable: SQLite could not make its lock
    # files there (as `claims` itself reads it)
    served = ["-i", path] if on_read_only_place(path) else [path]
    return [sys.executable, "-m", "datasette", "serve", *served, "--host", host, "--port", str(port),
            "--metadata", metadata_file, "--setting", "sql_time_limit_ms", "3000", "--plugins-dir", plugins]


def plugins_folder(folder: str) -> str:
    """A folder holding the hardening plugin, as Datasette's --plugins-dir loads it."""
    import shutil

    plugins = os.path.join(folder, "plugins")
    os.makedirs(plugins, exist_ok=True)
    shutil.copy(Path(__file__).with_name("datasette_hardening.py"), plugins)
    return plugins


def check_installed() -> None:
    import importlib.util

    if importlib.util.find_spec("datasette") is None:
        raise ClaimsError(f"claims serve needs Datasette: {INSTALL}")


def serve(path: str, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette on the database until it stops (Ctrl-C); its exit code."""
    check_installed()
    if is_address(path):
        raise ClaimsError("Datasette serves SQLite files: `claims backup FILE` copies the shared base into one")
    if path == ":memory:" or not Path(path).exists():
        raise ClaimsError(f"no database at {path} to serve")
    with tempfile.TemporaryDirectory() as folder:
        meta = os.path.join(folder, "metadata.json")
        Path(meta).write_text(json.dumps(metadata(Path(path).stem)), encoding="utf-8")
        try:
            return subprocess.run(command(path, host, port, meta, plugins_folder(folder)), check=False).returncode
        except KeyboardInterrupt:
            return 0
