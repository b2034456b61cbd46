"""The SQLite engine: a claims file (the default), or a database in memory for tests.

`SQLiteEngine` wraps a `sqlite_utils.Database` rather than adding attributes to it: it owns
how the file is opened (WAL, a busy timeout, foreign keys; reads query-only), how a write
transaction is taken, how a big import writes, how the file is backed up and migrated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from claims.basics.errors import Busy, ClaimsError, DiskFull
from claims.storage import creation
from claims.storage.dialect import SQLITE
from claims.storage.engine import copied, uninterrupted
from claims.storage.migrations import MIGRATIONS, run


def _sqlite_utils():
    """sqlite-utils' Database and Migrations, loaded without numpy and pandas. sqlite-utils
    imports both, when installed, as it is itself imported, only to map their number types to
    column types for `Table.insert`, which claims never calls: 80-100 ms of every `list` and
    `compare`. They are hidden while it loads (it then takes them as not installed) and
    importable again afterwards, for the learning and the charts."""
    import sys

    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of a name set to None fails at once
    try:
        from sqlite_utils import Database, Migrations
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return Database, Migrations


if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations
else:
    Database, Migrations = _sqlite_utils()


def statements(script: str):
    """A script's statements, one at a time: cut at each ";" that ends a complete statement
    (sqlite3 knows quotes, comments and a trigger's BEGIN ... END). sqlite-utils' own splitter
    tries every character and costs seconds on the migrations' scripts."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip("; \t\r\n"):
                yield pending.strip()
            pending = ""
    if pending.strip("; \t\r\n"):
        yield pending.strip()


class SQLiteEngine:
    dialect = SQLITE
    finds_taken_ids = True  # a savepoint undoes a statement that met a taken id; the write goes on
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
            engine = _open_file(target, create, chosen, read_only)
        engine.execute("PRAGMA foreign_keys = ON")
        return engine

    @classmethod
    def new_file(cls, target: Path) -> SQLiteEngine:
        """A new claims file, migrated under a temporary name and put in place at its next
        commit (a copy: complete, or not there at all)."""
        engine = cls.open(str(target), create=True, chosen=True, read_only=False)
        with engine.transaction():
            engine.migrate()
        creation.arm(engine)
        return engine

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def execute(self, sql: str, params=None) -> sqlite3.Cursor:
        return self.db.execute(sql, params or [])

    def query(self, sql: str, params=None):
        return self.db.query(sql, params)

    def executescript(self, sql: str) -> None:
        if not self.conn.in_transaction:
            self.conn.executescript(sql)
            return
        cursor = self.conn.cursor()  # statement by statement: sqlite3's executescript would commit first
        for statement in statements(sql):
            cursor.execute(statement)

    def insert_id(self, sql: str, params) -> int:
        new_id = self.execute(sql, params).lastrowid
        assert new_id is not None  # an INSERT always gives its row's id
        return new_id

    def execute_many(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def insert_rows(self, table: str, columns, rows) -> None:
        self.conn.executemany(_insert(table, columns), rows)

    def insert_rows_unless_taken(self, table: str, columns, rows, key: str) -> bool:
        """`insert_rows` in a savepoint of the open write: False, and nothing of it written, if
        a row's `key` is taken (SQLite names the column in its message: "claims.id")."""
        try:
            with self.transaction():
                self.insert_rows(table, columns, rows)
        except sqlite3.IntegrityError as error:
            if key not in str(error):
                raise
            return False
        return True

    def refuse_writes(self) -> None:
        """A read can never change a colleague's copy, a backup or a file a Datasette serves."""
        self.execute("PRAGMA query_only = ON")

    @contextlib.contextmanager
    def transaction(self):
        """One write transaction, taken with BEGIN IMMEDIATE.

        A deferred BEGIN would upgrade its lock only at the first write, and two processes
        doing that at once deadlock into an immediate "database is locked" that no busy
        timeout can wait out. Nested calls become savepoints. A fault of the machine (a full
        disk, a lock held too long) is one line (`fault`); a new file goes in place at the
        commit that first makes it whole."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        try:
            self.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise fault(error, folder=folder_of(self)) or error from None
        try:
            yield self
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):  # a full disk may have rolled it back already
                self.conn.rollback()
            if isinstance(error, sqlite3.Error) and (found := fault(error, folder=folder_of(self))):
                raise found from None
            raise
        with uninterrupted():
            self._commit()

    def _commit(self) -> None:
        try:
            self.conn.commit()
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self.conn.rollback()
            raise fault(error, folder=folder_of(self)) or error from None
        if (made := creation.pending(self)) and made.at_commit:
            self.publish()

    def publish(self) -> None:
        """Put a database made under a temporary name in place, and go on with it there."""
        made = creation.forget(self)
        if made is None:
            return
        self.conn.close()
        creation.put_in_place(made.staged, made.target)
        self.db.conn = sqlite3.connect(str(made.target))
        self.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils opens a file
        self.execute("PRAGMA foreign_keys = ON")
        _configure(self.db)

    def finish_creation(self, kept: bool) -> bool:
        """At the end of the command that made this file: put it in place if the command
        worked, else remove the temporary file, which no other process could have opened.
        True if the database is in place (a command that committed before it failed keeps
        what it wrote)."""
        if not creation.pending(self):
            return True
        if kept:
            self.publish()
            return True
        made = creation.forget(self)
        self.close()
        if made:
            creation.discard(made.staged)
        return False

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
        process writes; made under a temporary name, so a killed backup leaves no file under
        the backup's name."""
        staged = creation.staged_name(target)
        try:
            destination = sqlite3.connect(staged)
        except sqlite3.Error as error:
            raise ClaimsError(f"cannot write {target}: {error}") from None
        try:
            self.conn.backup(destination)
            claims = destination.execute("SELECT count(*) FROM claims").fetchone()[0]
        except BaseException as error:
            destination.close()
            creation.discard(staged)
            if isinstance(error, sqlite3.Error):
                raise fault(error, str(target), str(target.parent)) or ClaimsError(
                    f"backup to {target} failed: {error}") from None
            raise
        destination.close()
        creation.put_in_place(staged, target)
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


def _insert(table: str, columns) -> str:
    columns = list(columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _migration_set() -> Migrations:
    """The shared list as sqlite-utils' migrations (recorded in `_sqlite_migrations`)."""
    found = Migrations("claims")
    for migration in MIGRATIONS:
        found(name=migration.name)(lambda db, step=migration.sqlite: run(SQLiteEngine(db), step))
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


def _open_file(target: str, create: bool, chosen: bool, read_only: bool) -> SQLiteEngine:
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
    if read_only_place(file.parent):
        return SQLiteEngine(_open_unwritable(file, target, read_only), created)
    return _open_writable(file, target, read_only, created)


def _open_writable(file: Path, target: str, read_only: bool, created: bool) -> SQLiteEngine:
    """A new file is made under a temporary name beside it and put in place, never over a
    file another process made meanwhile (see `storage.creation`)."""
    staged = creation.staged_name(file) if created else None
    try:
        database = Database(staged or file, execute_plugins=False)
        _configure(database, read_only, journal="DELETE" if staged else "WAL")
    except (OSError, sqlite3.Error) as error:
        if staged:
            creation.discard(staged)
        raise fault(error, target, str(file.parent)) or ClaimsError(f"cannot open database {target}: {error}") from None
    engine = SQLiteEngine(database, created)
    if staged:
        creation.begin(engine, staged, file)
    return engine


def read_only_place(folder: Path) -> bool:
    """Whether a folder is on a read-only file system."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _open_unwritable(file: Path, target: str, read_only: bool) -> Database:
    """A database on a read-only file system (a mounted archive, a CD, a locked-down share)
    is read as it is: `immutable` tells SQLite nothing can change it, so it needs no lock and
    no shared-memory file beside it, which it could not make there."""
    if not read_only:
        raise ClaimsError(f"{target} is on a read-only file system: commands that read work; "
                          "to change it, copy it somewhere writable (claims backup)")
    # writes still in a -wal file beside it are read through it (mode=ro, if SQLite can);
    # immutable would not see them
    wal = Path(f"{file}-wal")
    modes = ["mode=ro", "immutable=1"] if wal.exists() and wal.stat().st_size else ["immutable=1"]
    try:
        return _first_that_opens(file, modes)
    except sqlite3.Error as error:
        raise ClaimsError(f"cannot open database {target}: {error}") from None


def _first_that_opens(file: Path, modes: list[str]) -> Database:
    for mode in modes:
        try:
            database = Database(sqlite3.connect(f"{file.resolve().as_uri()}?{mode}", uri=True),
                                execute_plugins=False)
            database.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return database
        except sqlite3.Error:
            if mode == modes[-1]:
                raise
    raise AssertionError("no modes")


def _configure(database: Database, read_only: bool = False, journal: str = "WAL") -> None:
    # WAL lets readers work while one process writes; the busy timeout makes
    # concurrent writers queue instead of failing with "database is locked".
    # Switching to WAL writes the file's header: a command that writes does it.
    # A file still under its temporary name keeps a rollback journal, which is gone at
    # each commit: the file alone then holds everything, and can be put in place.
    database.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        database.conn.execute(f"PRAGMA journal_mode = {journal}")
        database.conn.execute("PRAGMA synchronous = NORMAL" if journal == "WAL" else "PRAGMA synchronous = FULL")


BUSY_TIMEOUT_MS = 60_000

# SQLite's primary result codes for the machine's faults (sqlite3.h)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL = 5, 6, 10, 13
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def fault(error: BaseException, where: str = "the database", folder: str | None = None) -> ClaimsError | None:
    """A failure that comes from the machine, not the user or this program, as the one
    line and exit code it deserves (`basics.errors`); None for anything else."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        code &= 0xFF
        if code == SQLITE_FULL or (code == SQLITE_IOERR and _little_space(folder)):
            return DiskFull(f"the disk holding {where} is full: nothing of this command was written; "
                            "free some space and run it again")
        if code in (SQLITE_BUSY, SQLITE_LOCKED):
            return Busy(f"{where} stayed locked by another process for {BUSY_TIMEOUT_MS // 1000} s: "
                        "nothing of this command was written; try again when it is done")
        return None
    if isinstance(error, OSError) and error.errno in _NO_SPACE:
        return DiskFull(f"no space left to write {error.filename or where}: {error.strerror}")
    return None


def folder_of(engine) -> str | None:
    """The folder of a database file, to ask how much room is left there (None if not a file)."""
    with contextlib.suppress(Exception):
        return os.path.dirname(engine.execute("PRAGMA database_list").fetchone()[2]) or None
    return None




def _little_space(folder: str | None) -> bool:
    """Whether an I/O error is a full disk in disguise (SQLite names a shared-memory file it
    could not grow only "disk I/O error"): under a megabyte left where the database is."""
    import shutil

    try:
        return shutil.disk_usage(folder or ".").free < (1 << 20)
    except OSError:
        return False
