"""Opening the database: where it lives, which engine it is, and bringing its schema up to date.

One `open_db()` for every command. The target comes from `--db`, else the `CLAIMS_DB`
environment variable, else `claims.db` in the user's data directory; a postgresql:// address
opens the team engine, anything else a SQLite file. What differs between the engines is in
their classes (`sqlite.SQLiteEngine`, `postgres.PostgresEngine`); the functions below are the
words the rest of the storage floor writes with, the same for both.
"""

from __future__ import annotations

import functools
import getpass
import os
import sqlite3
from pathlib import Path

from claims.basics.errors import ClaimsError, CreatedMeanwhile, OutOfDate
from claims.storage import creation
from claims.storage.engine import Engine
from claims.storage.postgres import PostgresEngine, is_address, redacted
from claims.storage.sqlite import SQLiteEngine, fault, folder_of, read_only_place

APP_NAME = "claims"
__all__ = ["fault"]  # the CLI words a fault of the machine through it


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
            read_only: bool = False, until_commit: bool = False) -> Engine:
    """Open and migrate the claims database. A database that does not exist yet is made
    only when `create` (a command that writes); the engine then has `created` set, so
    that the caller can say so. A missing folder is made only for the per-user default.

    `read_only` (every command that only reads): the engine refuses any write on the
    connection, so that a read can never change a colleague's copy, a backup or a file a
    Datasette server shows; a database from an older version is refused rather than
    upgraded, since upgrading is a write.

    A new file is made under a temporary name beside it and put in place, never over a file
    another process made meanwhile, once migrated or, with `until_commit` (a command), at the
    command's first commit: until then no other process can open it, so a command that fails
    removes only its own file (see `storage.creation`)."""
    target = resolve_path(path)
    db: Engine
    if is_address(target):  # team mode: a read-only session is refused writes by the server itself
        db, shown = PostgresEngine(target, read_only=read_only), redacted(target)
    else:
        db = SQLiteEngine.open(target, create, bool(path or os.environ.get("CLAIMS_DB")), read_only)
        shown = target
    if read_only:
        _check_current(db, shown)
        db.refuse_writes()
    elif migrate:
        _migrate(db, shown)
    if creation.pending(db):
        creation.arm(db)  # its next commit puts the file in place
        if not until_commit:
            try:
                db.publish()
            except CreatedMeanwhile:  # another process made it meanwhile: use theirs
                return open_db(path, migrate, create, read_only)
    return db


def _check_current(db: Engine, target: str) -> None:
    try:
        pending = db.pending_migrations()
    except sqlite3.DatabaseError as error:
        raise _fault(db, error, target) from None
    if pending and pending[0] == "001_initial":
        raise OutOfDate(f"no claims base at {target} yet: `claims demo`, `claims add` or `claims import` makes one")
    if pending:
        raise OutOfDate(f"database {target} was made by an older version of claims: a command that writes "
                        "(claims learn, add, import) upgrades it first")


def _migrate(db: Engine, target: str) -> None:
    try:
        if db.pending_migrations():
            with db.transaction():
                db.migrate()
    except sqlite3.DatabaseError as error:
        raise _fault(db, error, target) from None


def _fault(db: Engine, error: sqlite3.DatabaseError, target: str) -> ClaimsError:
    # only SQLite raises sqlite3's errors: `db` is a file here
    return fault(error, target, folder_of(db)) or ClaimsError(f"cannot use database {target}: {error}")


def finish_creation(db: Engine, kept: bool) -> bool:
    """At the end of the command that made `db`: in place if it worked, else gone."""
    return db.finish_creation(kept)


def on_read_only_place(path: str) -> bool:
    """Whether a database file sits on a read-only file system."""
    return read_only_place(Path(path).expanduser().resolve().parent)


def write(db: Engine):
    """One write transaction (nested: a savepoint). On SQLite it is taken with BEGIN
    IMMEDIATE, on a server with the writers' lock; either way a commit, once begun, is not
    split by Ctrl-C."""
    return db.transaction()


def interruptible(db: Engine, every: int = 50_000):
    """Ctrl-C stops even a long statement (an index rebuilt over a million rows) within moments."""
    return db.interruptible(every)


def bulk_writing(db: Engine, big: bool):
    """The engine's settings for writing many rows at once."""
    return db.bulk_writing(big)


def actor(db: Engine) -> str:
    """Who a history row names: on a shared server the role it authenticated, which a local
    user name cannot forge; on a file, the local user."""
    return db.user or who()


@functools.cache  # asked for by every history row; the user does not change mid-run
def who() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some containers; history still records the change
        return "unknown"


def backup(db: Engine, target: str) -> dict:
    """Copy the database to `target`, a SQLite claims file that must not exist yet; the copy
    is consistent even while another process writes, and complete or not there at all."""
    path = Path(target)
    if path.exists():
        raise ClaimsError(f"{target} already exists: choose a new file name")
    return db.backup(path)
