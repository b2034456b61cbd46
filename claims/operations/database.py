"""The database a command works on: where it is, opened to read or to write (made only by
a command that writes, and put in place only when that command worked), copied, and
checked; a fault of the machine (a full disk, a lock held too long) worded in one line."""

from __future__ import annotations

import os
from typing import TypedDict

from claims.storage import db as storage


class Checked(TypedDict):
    """What `claims check` found: warnings, problems, and the history's chain."""

    warnings: list[str]
    unarchived: list[str]  # claims citing pages with no snapshot kept
    problems: list[str]
    entries: int
    head: str | None


def where(db: str | None) -> str:
    """The database a command means: --db, then CLAIMS_DB, then the per-user default."""
    return storage.resolve_path(db)


def is_server(path: str) -> bool:
    """Whether it is a postgresql:// address (team mode) rather than a file."""
    from claims.storage.postgres import is_address

    return is_address(path)


def folder(path: str | None) -> str | None:
    """The folder a database file sits in (where a full disk would be); None for a server."""
    if not path or "://" in path:
        return None
    return os.path.dirname(os.path.abspath(path))


def open(db: str | None, write: bool, create: bool):
    """The database, read-only unless the command writes; a new file only if `create`, held
    under a temporary name until the command's first commit (`finish`)."""
    return storage.open_db(db, create=create, read_only=not write, until_commit=True)


def finish(database, kept: bool) -> bool:
    """A database the command created: put in place if the command worked (True: say so),
    else its temporary file removed."""
    return storage.finish_creation(database, kept)


def fault(error: BaseException, path: str | None):
    """A fault of the machine, worded (a ClaimsError with its exit code), or None for a bug."""
    shown = path if path and "://" not in path else "the database"  # an address may carry a password
    return storage.fault(error, shown, folder(path))


def backup(database, file: str) -> dict:
    return storage.backup(database, file)


def check(database) -> Checked:
    """Everything `claims check` looks at, read; nothing written."""
    from claims.storage import queries

    _, entries, head = queries.history_chain(database)
    return Checked(warnings=list(database.durability_warnings()),
                   unarchived=queries.claims_without_snapshots(database),
                   problems=queries.problems(database), entries=entries, head=head)
