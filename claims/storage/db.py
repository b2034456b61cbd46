"""Opening the database: where it lives, how it is configured, and migrating it.

One `open_db()` for every command. The path comes from `--db`, else the
`CLAIMS_DB` environment variable, else `claims.db` in the user's data directory.
"""

import contextlib
import errno
import functools
import getpass
import os
import sqlite3
from pathlib import Path

from claims.basics.errors import Busy, ClaimsError, CreatedMeanwhile, DiskFull, OutOfDate
from claims.storage import creation
from claims.storage.dialect import SQLITE
from claims.storage.postgres import PostgresDatabase, is_address, redacted


def _database_class():
    """sqlite-utils' Database, loaded without numpy and pandas. sqlite-utils imports both,
    when installed, as it is itself imported, only to map their number types to column
    types for `Table.insert`, which claims never calls: 80-100 ms of every `list` and
    `compare`. They are hidden while it loads (it then takes them as not installed) and
    importable again afterwards, for the learning and the charts."""
    import sys

    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # an import of a name set to None fails at once
    try:
        from sqlite_utils import Database
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return Database


Database = _database_class()

APP_NAME = "claims"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "claims.db"


def resolve_path(path: str | os.PathLike | None = None) -> str:
    """--db, then CLAIMS_DB, then the per-user default."""
    if path:
        return str(path)
    env = os.environ.get("CLAIMS_DB")
    return env if env else str(default_path())


def open_db(path: str | os.PathLike | None = None, migrate: bool = True, create: bool = True,
            read_only: bool = False, until_commit: bool = False) -> Database:
    """Open and migrate the claims database. A database that does not exist yet is made
    only when `create` (a command that writes); the Database then has `created` set, so
    that the caller can say so. A missing folder is made only for the per-user default.

    `read_only` (every command that only reads): SQLite refuses any write on the
    connection (`PRAGMA query_only`), so that a read can never change a colleague's copy,
    a backup or a file a Datasette server shows; a database from an older version is
    refused rather than upgraded, since upgrading is a write.

    A new file is made under a temporary name beside it and put in place, never over a file
    another process made meanwhile, once migrated or, with `until_commit` (a command), at the
    command's first commit: until then no other process can open it, so a command that fails
    removes only its own file (see `storage.creation`)."""
    target = resolve_path(path)
    if is_address(target):  # team mode: a read-only session is refused writes by the server itself
        db, shown = PostgresDatabase(target, read_only=read_only), redacted(target)
    else:
        db, shown = _open_sqlite(target, create, bool(path or os.environ.get("CLAIMS_DB")), read_only), target
    if read_only:
        _check_current(db, shown)
        if db.dialect is SQLITE:
            db.conn.execute("PRAGMA query_only = ON")
    elif migrate:
        _migrate(db, shown)
    if creation.pending(db):
        creation.arm(db)  # `write` puts the file in place at its next commit
        if not until_commit:
            try:
                publish(db)
            except CreatedMeanwhile:  # another process made it meanwhile: use theirs
                return open_db(path, migrate, create, read_only)
    return db


def _open_sqlite(target: str, create: bool, chosen: bool, read_only: bool) -> Database:
    if target == ":memory:":
        db = Database(memory=True, execute_plugins=False)
        db.created = False
    else:
        db = _open_file(target, create, chosen=chosen, read_only=read_only)
    db.dialect = SQLITE
    db.conn.execute("PRAGMA foreign_keys = ON")
    return db


def _pending(db) -> list:
    from claims.storage.migrations import pending

    return pending(db)


def _check_current(db, target: str) -> None:
    try:
        pending = _pending(db)
    except sqlite3.DatabaseError as error:
        raise fault(error, target, _folder_of(db)) or ClaimsError(f"cannot use database {target}: {error}") from None
    if pending and pending[0] == "001_initial":
        raise OutOfDate(f"no claims base at {target} yet: `claims demo`, `claims add` or `claims import` makes one")
    if pending:
        raise OutOfDate(f"database {target} was made by an older version of claims: a command that writes "
                        "(claims learn, add, import) upgrades it first")


def _open_file(target: str, create: bool, chosen: bool, read_only: bool = False) -> Database:
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
    db = _open_unwritable(file, target, read_only) if _read_only_place(file.parent) else \
        _open_writable(file, target, read_only, created)
    db.created = created
    return db


def _open_writable(file: Path, target: str, read_only: bool, created: bool) -> Database:
    staged = creation.staged_name(file) if created else None
    try:
        db = Database(staged or file, execute_plugins=False)
        _configure(db, read_only, journal="DELETE" if staged else "WAL")
    except (OSError, sqlite3.Error) as error:
        if staged:
            creation.discard(staged)
        raise fault(error, target, str(file.parent)) or ClaimsError(f"cannot open database {target}: {error}") from None
    if staged:
        creation.begin(db, staged, file)
    return db


def on_read_only_place(path: str) -> bool:
    """Whether a database file sits on a read-only file system."""
    return _read_only_place(Path(path).expanduser().resolve().parent)


def _read_only_place(folder: Path) -> bool:
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
        db = _first_that_opens(file, modes)
    except sqlite3.Error as error:
        raise ClaimsError(f"cannot open database {target}: {error}") from None
    return db


def _first_that_opens(file: Path, modes: list[str]) -> Database:
    for mode in modes:
        try:
            db = Database(sqlite3.connect(f"{file.resolve().as_uri()}?{mode}", uri=True), execute_plugins=False)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.Error:
            if mode == modes[-1]:
                raise
    raise AssertionError("no modes")


def _configure(db: Database, read_only: bool = False, journal: str = "WAL") -> None:
    # WAL lets readers work while one process writes; the busy timeout makes
    # concurrent writers queue instead of failing with "database is locked".
    # Switching to WAL writes the file's header: a command that writes does it.
    # A file still under its temporary name keeps a rollback journal, which is gone at
    # each commit: the file alone then holds everything, and can be put in place.
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        db.conn.execute(f"PRAGMA journal_mode = {journal}")
        db.conn.execute("PRAGMA synchronous = NORMAL" if journal == "WAL" else "PRAGMA synchronous = FULL")


BUSY_TIMEOUT_MS = 60_000


def publish(db) -> None:
    """Put a database made under a temporary name in place, and go on with it there."""
    made = creation.forget(db)
    if made is None:
        return
    staged, target = made.staged, made.target
    db.conn.close()
    creation.put_in_place(staged, target)
    db.conn = sqlite3.connect(str(target))
    db.conn.execute("PRAGMA recursive_triggers = on")  # as sqlite-utils opens a file
    db.conn.execute("PRAGMA foreign_keys = ON")
    _configure(db)


def finish_creation(db: Database, kept: bool) -> bool:
    """At the end of the command that made `db`: put it in place if the command worked, else
    remove the temporary file, which no other process could have opened. True if the
    database is in place (a command that committed before it failed keeps what it wrote)."""
    if not creation.pending(db):
        return True
    if kept:
        publish(db)
        return True
    made = creation.forget(db)
    db.close()
    if made:
        creation.discard(made.staged)
    return False


def _migrate(db, target: str) -> None:
    from claims.storage.migrations import apply

    try:
        if _pending(db):
            with write(db):
                apply(db)
    except sqlite3.DatabaseError as error:
        raise fault(error, target, _folder_of(db)) or ClaimsError(
            f"cannot use database {target}: {error}") from None


@contextlib.contextmanager
def write(db: Database):
    """One write transaction, taken with BEGIN IMMEDIATE.

    A deferred BEGIN would upgrade its lock only at the first write, and two
    processes doing that at once deadlock into an immediate "database is
    locked" that no busy timeout can wait out. Nested calls become savepoints.
    On PostgreSQL, the writer lock and the savepoints are the connection's own.
    """
    if db.dialect is not SQLITE:
        with db.transaction(committing=_uninterrupted):
            yield db
        return
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise fault(error, folder=_folder_of(db)) or error from None
    try:
        yield db
    except BaseException as error:
        with contextlib.suppress(sqlite3.Error):  # a full disk may have rolled it back already
            db.conn.rollback()
        if isinstance(error, sqlite3.Error) and (found := fault(error, folder=_folder_of(db))):
            raise found from None
        raise
    with _uninterrupted():
        try:
            db.conn.commit()
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                db.conn.rollback()
            raise fault(error, folder=_folder_of(db)) or error from None
        if (made := creation.pending(db)) and made.at_commit:
            publish(db)


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


def _folder_of(db) -> str | None:
    """The folder of a database file, to ask how much room is left there."""
    with contextlib.suppress(Exception):
        return os.path.dirname(db.conn.execute("PRAGMA database_list").fetchone()[2]) or None
    return None


def _little_space(folder: str | None) -> bool:
    """Whether an I/O error is a full disk in disguise (SQLite names a shared-memory file it
    could not grow only "disk I/O error"): under a megabyte left where the database is."""
    import shutil

    try:
        return shutil.disk_usage(folder or ".").free < (1 << 20)
    except OSError:
        return False


@contextlib.contextmanager
def _uninterrupted():
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


@contextlib.contextmanager
def interruptible(db: Database, every: int = 50_000):
    """Ctrl-C stops even a long SQLite statement (an index rebuilt over a million rows)
    within moments: Python only hears a signal between its own steps, so SQLite is asked
    every `every` steps of its own whether one came, and stops if it did. The statement
    then fails, and KeyboardInterrupt is raised as Ctrl-C would have raised it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or db.dialect is not SQLITE:
        yield db  # a server statement is stopped by Ctrl-C through the driver
        return
    heard: list = []

    def on_interrupt(number, frame):
        heard.append(number)  # for SQLite, which asks below
        raise KeyboardInterrupt  # for Python, if it was running Python code

    previous = signal.signal(signal.SIGINT, on_interrupt)
    db.conn.set_progress_handler(lambda: bool(heard), every)
    try:
        yield db
    except sqlite3.OperationalError:
        if heard:
            raise KeyboardInterrupt from None
        raise
    finally:
        db.conn.set_progress_handler(None, every)
        signal.signal(signal.SIGINT, previous)


def actor(db) -> str:
    """Who a history row names: on a shared server the role it authenticated, which a local
    user name cannot forge; on a file, the local user."""
    return getattr(db, "user", None) or who()


@functools.cache  # asked for by every history row; the user does not change mid-run
def who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some containers; history still records the change
        return "unknown"



@contextlib.contextmanager
def bulk_writing(db: Database, big: bool):
    """Settings for writing many rows at once: room for SQLite to keep index pages (a big
    import touches each many times) and, for a big import, no foreign key checks: every
    topic and source id it writes was read or created in its own transaction, under its
    write lock, so SQLite checking each row's keys adds nothing. (A server keeps its own.)"""
    if db.dialect is not SQLITE:
        yield db
        return
    db.execute("PRAGMA cache_size = -131072")
    if big:
        db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield db
    finally:
        db.execute("PRAGMA foreign_keys = ON")


def insert_id(db, sql: str, params) -> int:
    """Insert one row and give its new id."""
    if db.dialect is SQLITE:
        return db.execute(sql, params).lastrowid
    return db.execute(sql + " RETURNING id", params).fetchone()[0]


def execute_many(db, sql: str, rows) -> None:
    if db.dialect is SQLITE:
        db.conn.executemany(sql, rows)
    else:
        db.execute_many(sql, rows)


def execute_many_unless_taken(db, sql: str, rows, key: str) -> bool:
    """`execute_many` in a savepoint of the open write: False, and nothing of it written, if
    a row's `key` is taken (SQLite names the column in its message: "claims.id")."""
    try:
        with write(db):
            execute_many(db, sql, rows)
    except sqlite3.IntegrityError as error:
        if key not in str(error):
            raise
        return False
    return True


def backup(db, target: str) -> dict:
    """Copy the database to `target` (which must not exist yet), page by page, with SQLite's
    online backup API: the copy is consistent even while another process writes."""
    path = Path(target)
    if path.exists():
        raise ClaimsError(f"{target} already exists: choose a new file name")
    if db.dialect is not SQLITE:
        return _backup_server(db, path)
    staged = creation.staged_name(path)  # a killed backup leaves no file under the backup's name
    try:
        destination = sqlite3.connect(staged)
    except sqlite3.Error as error:
        raise ClaimsError(f"cannot write {target}: {error}") from None
    try:
        db.conn.backup(destination)
        claims = destination.execute("SELECT count(*) FROM claims").fetchone()[0]
    except BaseException as error:
        destination.close()
        creation.discard(staged)
        if isinstance(error, sqlite3.Error):
            raise fault(error, target, str(path.parent)) or ClaimsError(f"backup to {target} failed: {error}") from None
        raise
    destination.close()
    creation.put_in_place(staged, path)
    return {"file": str(path), "claims": claims, "bytes": path.stat().st_size}


# what a server's base is copied as, parents first; claims in the order they were recorded
BACKUP_TABLES = [("sources", "id"), ("source_aliases", "alias"), ("topics", "id"), ("imports", "id"),
                 ("claims", "seq"), ("links", "id"), ("history", "id"), ("learned_weights", "source_id")]


def _backup_server(db, path: Path) -> dict:
    """A shared base as a normal claims file, for offline work: every row, read in one
    snapshot (REPEATABLE READ), so the copy is consistent while others write."""
    copy = open_db(str(path), until_commit=True)  # in place at its one commit, complete
    try:
        with db.snapshot():
            with write(copy):
                copy.execute("PRAGMA defer_foreign_keys = ON")  # a source may copy one with a later id
                for table, order in BACKUP_TABLES:
                    _copy_table(db, copy, table, order)
        claims = copy.execute("SELECT count(*) FROM claims").fetchone()[0]
    except BaseException:
        finish_creation(copy, kept=False)
        raise
    copy.close()
    return {"file": str(path), "claims": claims, "bytes": path.stat().st_size}


def _copy_table(db, copy, table: str, order: str) -> None:
    cursor = db.execute(f"SELECT * FROM {table} ORDER BY {order}")  # names from the list above
    keep = [i for i, column in enumerate(cursor.description) if column.name != "seq"]  # the file has rowid
    names = [cursor.description[i].name for i in keep]
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    while rows := cursor.fetchmany(10_000):
        copy.conn.executemany(insert, [[row[i] for i in keep] for row in rows])
