"""What every database engine offers the rest of the storage floor: one class per engine
(`sqlite.SQLiteEngine`, `postgres.PostgresEngine`) against this small interface, so that no
statement, store function or query asks which engine it runs on. Where the engines write SQL
differently, `dialect` names the pieces; where they behave differently (transactions, bulk
writing, backups, migrations), the engine's own method does.

Adding an engine is one class here, one `Dialect`, one column of migrations.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from claims.storage.dialect import Dialect


class Engine(Protocol):
    """One open claims base. Statements take SQLite's `?` and `:name` parameters on every
    engine; rows come back as tuples (`execute`) or dicts (`query`)."""

    dialect: Dialect
    created: bool  # made by this command: said once it worked (a server's never is)
    user: str | None  # who the server says we are; None where the local user name is all there is
    finds_taken_ids: bool  # whether `insert_rows_unless_taken` can tell a taken id inside a write

    def execute(self, sql: str, params: Any = None) -> Any: ...

    def query(self, sql: str, params: Any = None) -> Iterator[dict]: ...

    def executescript(self, sql: str) -> None: ...

    def insert_id(self, sql: str, params: Any) -> int:
        """Insert one row and give its new id."""
        ...

    def execute_many(self, sql: str, rows: Iterable) -> None: ...

    def insert_rows(self, table: str, columns: Iterable[str], rows: Iterable) -> None:
        """Many rows at once, in the engine's fastest way (executemany, COPY)."""
        ...

    def refuse_writes(self) -> None:
        """This connection only reads, and the engine refuses it any write."""
        ...

    def insert_rows_unless_taken(self, table: str, columns: Iterable[str], rows: Iterable, key: str) -> bool:
        """`insert_rows`, or False and nothing written if a row's `key` column is taken."""
        ...

    def transaction(self) -> AbstractContextManager: ...

    @property
    def in_transaction(self) -> bool: ...

    def snapshot(self) -> AbstractContextManager:
        """Reads that all see the base as it was at their first statement."""
        ...

    def interruptible(self, every: int = 50_000) -> AbstractContextManager:
        """Ctrl-C stops even a long statement within moments."""
        ...

    def bulk_writing(self, big: bool) -> AbstractContextManager: ...

    def indexes_set_aside(self, active: bool) -> AbstractContextManager: ...

    def backup(self, target: Path) -> dict: ...

    def publish(self) -> None:
        """A database made under a temporary name, put in place now."""
        ...

    def finish_creation(self, kept: bool) -> bool:
        """At the end of the command that made it: in place if it worked, else gone."""
        ...

    def durability_warnings(self) -> list[str]: ...

    def pending_migrations(self) -> list[str]: ...

    def migrate(self) -> None: ...

    def close(self) -> None: ...


@contextlib.contextmanager
def uninterrupted():
    """A commit is not interrupted half-way in Python's eyes: Ctrl-C during it would be
    raised just after it returned, and the command would say it wrote nothing when it had
    written everything. Once a commit has begun, the command is done."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def copied(path: Path, claims: int) -> dict:
    """What a backup says it wrote."""
    return {"file": str(path), "claims": claims, "bytes": path.stat().st_size}
