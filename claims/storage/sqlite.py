"""The SQLite engine: a claims file (the default), or a database in memory for tests.

`SQLiteEngine` wraps a `sqlite_utils.Database` rather than adding attributes to it: it owns
how the file is opened (WAL, a busy timeout, foreign keys; reads query-only), how a write
transaction is taken, how a big import writes, how the file is backed up and migrated.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from claims.basics.errors import ClaimsError
from claims.storage.dialect import SQLITE
from claims.storage.engine import copied, uninterrupted
from claims.storage.migrations import MIGRATIONS


class SQLiteEngine:
    dialect = SQLITE
    user: str | None = None  # history names the local user

    def __init__(self, database: Database, created: bool = False):
        self.db, self.created = database, created

    @classmethod
    def open(cls, target: str, create: bool, chosen: bool, read_only: bool) -> SQLiteEngine:
        """The file at `target` (made only when `create`; its folder only for the per-user
        default, since a typo in --db must not become a new folder), or one in memory."""
        if target == ":memory:":
            engine = cls(Database(memory=True, execute_plugins=False))
        else:
            engine = cls(*_open_file(target, create, chosen, read_only))
        engine.execute("PRAGMA foreign_keys = ON")
        return engine

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def execute(self, sql: str, params=None) -> sqlite3.Cursor:
        return self.db.execute(sql, params or [])

    def query(self, sql: str, params=None):
        return self.db.query(sql, params)

    def executescript(self, sql: str) -> None:
        self.db.executescript(sql)

    def insert_id(self, sql: str, params) -> int:
        new_id = self.execute(sql, params).lastrowid
        assert new_id is not None  # an INSERT always gives its row's id
        return new_id

    def insert_rows(self, table: str, columns, rows) -> None:
        columns = list(columns)
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                              rows)

    def refuse_writes(self) -> None:
        """A read can never change a colleague's copy, a backup or a file a Datasette serves."""
        self.execute("PRAGMA query_only = ON")

    @contextlib.contextmanager
    def transaction(self):
        """One write transaction, taken with BEGIN IMMEDIATE.

        A deferred BEGIN would upgrade its lock only at the first write, and two processes
        doing that at once deadlock into an immediate "database is locked" that no busy
        timeout can wait out. Nested calls become savepoints."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        with uninterrupted():
            self.conn.commit()

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def snapshot(self):
        return contextlib.nullcontext(self)  # a backup reads through SQLite's own backup API

    @contextlib.contextmanager
    def interruptible(self, every: int = 50_000):
        """Python only hears a signal between its own steps, so SQLite is asked every
        `every` steps of its own whether one came, and stops if it did (an index rebuilt
        over a million rows). The statement then fails, and KeyboardInterrupt is raised as
        Ctrl-C would have raised it."""
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        heard: list = []

        def on_interrupt(number, frame):
            heard.append(number)  # for SQLite, which asks below
            raise KeyboardInterrupt  # for Python, if it was running Python code

        previous = signal.signal(signal.SIGINT, on_interrupt)
        self.conn.set_progress_handler(lambda: bool(heard), every)
        try:
            yield self
        except sqlite3.OperationalError:
            if heard:
                raise KeyboardInterrupt from None
            raise
        finally:
            self.conn.set_progress_handler(None, every)
            signal.signal(signal.SIGINT, previous)

    @contextlib.contextmanager
    def bulk_writing(self, big: bool):
        """Room for SQLite to keep index pages (a big import touches each many times) and, for
        a big import, no foreign key checks: every topic and source id it writes was read or
        created in its own transaction, under its write lock, so checking each row adds nothing."""
        self.execute("PRAGMA cache_size = -131072")
        if big:
            self.execute("PRAGMA foreign_keys = OFF")
        try:
            yield self
        finally:
            self.execute("PRAGMA foreign_keys = ON")

    def indexes_set_aside(self, active: bool) -> IndexesSetAside:
        return IndexesSetAside(self, active)

    def backup(self, target: Path) -> dict:
        """A page-by-page copy with SQLite's online backup API: consistent even while another
        process writes."""
        try:
            destination = sqlite3.connect(target)
        except sqlite3.Error as error:
            raise ClaimsError(f"cannot write {target}: {error}") from None
        try:
            self.conn.backup(destination)
            claims = destination.execute("SELECT count(*) FROM claims").fetchone()[0]
        except sqlite3.Error as error:
            destination.close()
            target.unlink(missing_ok=True)
            raise ClaimsError(f"backup to {target} failed: {error}") from None
        destination.close()
        return copied(target, claims)

    def durability_warnings(self) -> list[str]:
        return []  # a file's commit is on its disk when acknowledged

    def pending_migrations(self) -> list[str]:
        return [migration.name for migration in _MIGRATIONS.pending(self.db)]

    def migrate(self, stop_before: str | None = None) -> None:
        """Every migration not yet applied (up to `stop_before`: a test's database of an older version)."""
        _MIGRATIONS.apply(self.db, stop_before=stop_before)

    def close(self) -> None:
        self.db.close()


def _migration_set() -> Migrations:
    """The shared list as sqlite-utils' migrations (recorded in `_sqlite_migrations`)."""
    found = Migrations("claims")
    for migration in MIGRATIONS:
        found(name=migration.name)(lambda db, sql=migration.sqlite: db.executescript(sql))
    return found


_MIGRATIONS = _migration_set()


class IndexesSetAside:
    """For a big import into an empty table: drop the secondary indexes and the triggers
    that keep the quote search current, write, then rebuild both.

    Building an index from all its rows at once is several times cheaper than inserting a
    million rows into five indexes one by one, and the search index likewise. It happens
    inside the import's transaction, so a failure or a crash leaves both as they were.
    """

    def __init__(self, engine: SQLiteEngine, active: bool):
        self.engine, self.active = engine, active
        self.saved: list[tuple] = []
        self.triggers: list[tuple] = []

    def __enter__(self):
        if self.active:
            self.saved = [tuple(r) for r in self.engine.execute(SQLITE.indexes_of, ["claims"])]
            self.triggers = [tuple(r) for r in self.engine.execute(SQLITE.triggers_of, ["claims"])]
            for index, _ in self.saved:
                self.engine.execute(f'DROP INDEX "{index}"')
            for trigger, _ in self.triggers:
                self.engine.execute(f'DROP TRIGGER "{trigger}"')
        return self

    def __exit__(self, kind, error, trace):
        if self.active and kind is None:
            self.engine.execute("PRAGMA threads = 2")  # SQLite may sort with a helper thread
            for _, sql in self.saved + self.triggers:
                self.engine.execute(sql)
            if self.triggers:
                self.engine.execute(SQLITE.rebuild_search)
        return False


def _open_file(target: str, create: bool, chosen: bool, read_only: bool) -> tuple[Database, bool]:
    file = Path(target).expanduser()
    created = not file.exists()
    if created and not create:
        raise ClaimsError(f"no database at {target}: `claims demo`, `claims add` or `claims import` creates one "
                          "(or check --db and CLAIMS_DB)")
    if file.is_dir():
        raise ClaimsError(f"{target} is a folder, not a database file")
    if created and not file.parent.exists():
        if chosen:  # a typo in --db or CLAIMS_DB must not become a new folder
            raise ClaimsError(f"cannot create database {target}: folder {file.parent} does not exist")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ClaimsError(f"cannot create folder {file.parent}: {error.strerror}") from None
    try:
        database = Database(file, execute_plugins=False)
        _configure(database, read_only)
    except (OSError, sqlite3.Error) as error:
        raise ClaimsError(f"cannot open database {target}: {error}") from None
    return database, created


def _configure(database: Database, read_only: bool) -> None:
    # WAL lets readers work while one process writes; the busy timeout makes
    # concurrent writers queue instead of failing with "database is locked".
    # Switching to WAL writes the file's header: a command that writes does it.
    database.conn.execute("PRAGMA busy_timeout = 60000")
    if not read_only:
        database.conn.execute("PRAGMA journal_mode = WAL")
        database.conn.execute("PRAGMA synchronous = NORMAL")
