"""The one exception the library raises for anything a user did or typed wrong.

The CLI turns it into a single line on stderr and a non-zero exit; anything else
that escapes is a bug in this program, not in the user's input.
"""


class ClaimsError(Exception):
    """A problem with the user's input or data, worded for the user."""

    exit_code = 1


class BadOption(ClaimsError):
    """A command-line value that cannot be used: a mistyped command line, exit 2."""

    exit_code = 2


class NotFound(ClaimsError):
    """An id, source or topic that is not in the database."""


class OutOfDate(ClaimsError):
    """A database whose schema is older than this version (or, on a server, not made yet):
    a read refuses it, since upgrading is a write."""


class ImportErrors(ClaimsError):
    """An import with bad rows: nothing was written; every problem is listed."""

    def __init__(self, problems: list[str], total: int):
        self.problems = problems
        self.total = total
        shown = problems[:20]
        more = f" (and {total - len(shown)} more)" if total > len(shown) else ""
        head = f"nothing imported: {total} bad row{'s' if total != 1 else ''}{more}"
        super().__init__("\n".join([head, *shown]))


# ---------------------------------------------------------------- faults of the environment
#
# Not the user's input but the machine's state: each its own exit code (from sysexits.h), so
# that a script can tell "try again later" from "fix the disk" from "fix the command line".

class BadArgumentBytes(ClaimsError):
    """An argument that is not text in the terminal's encoding (bytes no encoding can read)."""

    exit_code = 64  # EX_USAGE


class ServerUnavailable(ClaimsError):
    """The PostgreSQL server went away (and a retry did not bring it back)."""

    exit_code = 69  # EX_UNAVAILABLE


class CreatedMeanwhile(ClaimsError):
    """The database file this command was making was made by another command meanwhile."""

    exit_code = 73  # EX_CANTCREAT


class DiskFull(ClaimsError):
    """The disk (or the quota) is full: nothing of the unfinished write was kept."""

    exit_code = 74  # EX_IOERR


class Busy(ClaimsError):
    """Another writer held the database longer than the wait allows."""

    exit_code = 75  # EX_TEMPFAIL
