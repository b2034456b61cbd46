"""A new database file, made under a temporary name and put in place in one step.

A command that creates a database and then fails must leave nothing behind, yet it must
never remove a file another process may have written to. So the new file is built under a
name no other process knows, and linked to its real name only when it holds something:
`os.link` refuses to replace a file, so a database another command made meanwhile is never
overwritten, and a failed command removes only its own temporary file.
"""

import errno
import os
import secrets
import weakref
from pathlib import Path
from typing import NamedTuple

from claims.basics.errors import ClaimsError, CreatedMeanwhile

SUFFIX = ".creating"
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


class Pending(NamedTuple):
    """A database still under its temporary name: where it is, where it goes, and whether
    the next commit puts it there (set once its migrations are done)."""

    staged: Path
    target: Path
    at_commit: bool = False


# the databases this process is making, by their open connection object
_PENDING: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def begin(db, staged: Path, target: Path) -> None:
    _PENDING[db] = Pending(staged, target)


def arm(db) -> None:
    """From now on, the next commit puts the database in place."""
    if db in _PENDING:
        _PENDING[db] = _PENDING[db]._replace(at_commit=True)


def pending(db) -> Pending | None:
    return _PENDING.get(db)


def forget(db) -> Pending | None:
    return _PENDING.pop(db, None)


def staged_name(target: Path) -> Path:
    """A hidden name beside `target`, unique to this process and call."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{SUFFIX}")


def put_in_place(staged: Path, target: Path) -> None:
    """Give the finished file its real name, unless a file of that name exists by now."""
    try:
        os.link(staged, target)
    except FileExistsError:
        discard(staged)
        raise CreatedMeanwhile(f"database {target} was created by another command while this one ran: "
                               "this command wrote nothing; run it again") from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            discard(staged)
            raise ClaimsError(f"cannot create database {target}: {error.strerror}") from None
        _rename_once(staged, target)  # a file system without hard links
    else:
        os.unlink(staged)
    _sync_folder(target.parent)


def _rename_once(staged: Path, target: Path) -> None:
    # rename would replace a file made since the check: a window of microseconds, where
    # link (above) has none; only file systems without hard links come here
    if target.exists():
        discard(staged)
        raise CreatedMeanwhile(f"database {target} was created by another command while this one ran: "
                               "this command wrote nothing; run it again")
    os.rename(staged, target)


def discard(staged: Path) -> None:
    """Remove a temporary database and its rollback journal (only ever this process's own)."""
    for name in (str(staged), f"{staged}-journal"):
        Path(name).unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """The new name survives a power cut once the folder itself is on disk."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the name is still there
    finally:
        os.close(handle)
