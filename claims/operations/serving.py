"""`claims serve`: the database in Datasette, for a colleague to browse and filter in a
browser. Datasette comes with the optional extra `claims[serve]`; it opens the database
read-only (SQLite's mode=ro: a browser can never change it, and what a command adds while
it runs shows on the next page) and serves it on 127.0.0.1 unless told otherwise. The
views and the full-text search it shows are the database's own (migration 005), so
`datasette claims.db` shows them too; this adds titles, descriptions and canned queries,
and refuses every request that would write (`datasette_read_only`, a plugin).

Datasette runs as a child process, and whatever stops `claims serve` stops it too: Ctrl-C,
SIGTERM, SIGHUP and, on Linux, even SIGKILL (the kernel's parent-death signal), so that
nothing is left listening on the port.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
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


def command(path: str, host: str, port: int, metadata_file: str, plugins_dir: str | None = None) -> list[str]:
    """The Datasette command line that serves `path` read-only, with the plugins in the folder
    `plugins_dir` (`plugins_folder`)."""
    from claims.storage.db import on_read_only_place

    # a file on a read-only file system is served as immutable: SQLite could not make its lock
    # files there (as `claims` itself reads it)
    served = ["-i", path] if on_read_only_place(path) else [path]
    line = [sys.executable, "-m", "datasette", "serve", *served, "--host", host, "--port", str(port),
            "--metadata", metadata_file, "--setting", "sql_time_limit_ms", "3000"]
    return line + (["--plugins-dir", plugins_dir] if plugins_dir else [])


# the plugins `claims serve` loads: no request writes; no unsafe SQL function is called
PLUGINS = ("datasette_read_only.py", "datasette_hardening.py")


def plugins_folder(folder: str) -> str:
    """A folder holding the plugins, as Datasette's --plugins-dir loads them."""
    plugins = os.path.join(folder, "plugins")
    os.makedirs(plugins, exist_ok=True)
    for name in PLUGINS:
        shutil.copy(Path(__file__).with_name(name), plugins)
    return plugins


def check_installed() -> None:
    import importlib.util

    if importlib.util.find_spec("datasette") is None:
        raise ClaimsError(f"claims serve needs Datasette: {INSTALL}")


def check_port(host: str, port: int) -> None:
    """One clear line when the address cannot be listened on (Datasette would print its raw
    server log). The probe sets SO_REUSEADDR, as Datasette's server does, so that only a
    socket still listening there counts as in use."""
    import socket

    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise ClaimsError(f"cannot serve on {host}: {error.strerror}") from None
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ClaimsError(f"port {port} on {host} is in use (another claims serve?): "
                                  "give another with --port") from None
            raise ClaimsError(f"cannot serve on {host} port {port}: {error.strerror}") from None


def serve(path: str, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette on the database until it stops, or until this process is stopped."""
    check_installed()
    if is_address(path):
        raise ClaimsError("Datasette serves SQLite files: `claims backup FILE` copies the shared base into one")
    if path == ":memory:" or not Path(path).exists():
        raise ClaimsError(f"no database at {path} to serve")
    check_port(host, port)
    with tempfile.TemporaryDirectory() as folder:
        meta = os.path.join(folder, "metadata.json")
        Path(meta).write_text(json.dumps(metadata(Path(path).stem)), encoding="utf-8")
        return run_until_stopped(command(path, host, port, meta, plugins_folder(folder)))


class Stopped(Exception):
    """This process was asked to stop (SIGTERM, SIGINT, SIGHUP)."""


def _stop_signal(signum, frame):
    raise Stopped(signum)


def run_until_stopped(argv: list[str]) -> int:
    """Run a child process until it ends (its exit code) or this process is stopped (0):
    then the child is stopped as well, and waited for."""
    child = subprocess.Popen(argv, preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    # a signal this process was started ignoring (`nohup`, a shell's background job) stays ignored
    handled = [sig for sig in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None))
               if sig is not None and signal.getsignal(sig) != signal.SIG_IGN]
    previous = {sig: signal.signal(sig, _stop_signal) for sig in handled}
    try:
        return child.wait()
    except (Stopped, KeyboardInterrupt):
        return 0
    finally:
        stop(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def stop(child: subprocess.Popen, grace: float = 10.0) -> None:
    """Ask a child to stop (SIGTERM: Datasette's server closes its connections), then make it."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _die_with_parent() -> None:
    """In the child, before Datasette starts (Linux): SIGTERM it when its parent dies, even
    by SIGKILL, which no handler can catch."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not glibc: the signal handlers above still stop it
