"""A shared claims base on PostgreSQL: the connection, in the shape the rest of the storage
floor already uses for SQLite (`execute`, `query`, `close`), and its write transaction.

The driver (psycopg 3) comes with `pip install 'claims[team]'` and is imported only when a
postgresql:// address asks for it, so that start-up and the default install do not change.
Statements are written once, with SQLite's `?` and `:name` parameters; they are turned
into psycopg's `%s` and `%(name)s` here, once per statement text.

Writers take one transaction-level advisory lock, so that one analyst writes at a time, as
with the SQLite file: every read-check-write rule of `store` holds unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import re

from .dialect import POSTGRES
from .errors import ClaimsError

SCHEMES = ("postgresql://", "postgres://")
WRITER_LOCK = 0x636C61696D73  # "claims": the one advisory lock every writer takes
INSTALL_HINT = "pip install 'claims[team]'"

# a quoted string or identifier (copied as it is), a :name parameter, a ? parameter, or a %
_TOKENS = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|(?<!:):([A-Za-z_]\w*)|(\?)|(%)""")


def is_address(target: str) -> bool:
    return target.startswith(SCHEMES)


@functools.lru_cache(maxsize=512)
def placeholders(sql: str) -> str:
    """SQLite's parameters in psycopg's style; quoted text and `::` casts stay as written."""
    def swap(match: re.Match) -> str:
        quoted, name, mark, percent = match.groups()
        if quoted:  # psycopg reads % inside quotes too
            return quoted.replace("%", "%%")
        if name:
            return f"%({name})s"
        return "%s" if mark else "%%"

    return _TOKENS.sub(swap, sql)


def _driver():
    try:
        import psycopg
    except ImportError:
        raise ClaimsError(f"a postgresql:// database needs the PostgreSQL driver: {INSTALL_HINT}") from None
    return psycopg


class PostgresDatabase:
    """One connection to a shared claims base. Outside a write transaction every statement
    commits on its own (autocommit); `transaction()` holds one open, with the writer lock."""

    dialect = POSTGRES
    created = False  # a server database is made by its administrator, never by a command

    def __init__(self, address: str, read_only: bool = False):
        psycopg = _driver()
        self.address = address
        try:
            self.conn = psycopg.connect(address, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise ClaimsError(f"cannot connect to {redacted(address)}: {_first_line(error)}") from None
        if read_only:  # reads never write: the server refuses it for the whole session
            self.conn.execute("SET default_transaction_read_only = on")
        self.user = self.conn.execute("SELECT current_user").fetchone()[0]
        self.depth = 0

    def execute(self, sql: str, params=None):
        # parameters always given, even none, so that psycopg reads every statement alike
        return self._run(lambda: self.conn.execute(placeholders(sql), () if params is None else params))

    def query(self, sql: str, params=None):
        cursor = self.execute(sql, params)
        names = [column.name for column in cursor.description or []]
        for row in cursor:
            yield dict(zip(names, row))

    def execute_many(self, sql: str, rows) -> None:
        self._run(lambda: self.conn.cursor().executemany(placeholders(sql), rows))

    def executescript(self, sql: str) -> None:
        self._run(lambda: self.conn.execute(sql))

    def _run(self, step):
        import psycopg

        try:
            return step()
        except psycopg.errors.ReadOnlySqlTransaction:
            raise ClaimsError("this command only reads, yet tried to write (a bug: please report it)") from None
        except psycopg.errors.InsufficientPrivilege as error:
            raise ClaimsError(f"the server refused: {_first_line(error)}") from None
        except psycopg.Error as error:
            raise ClaimsError(f"PostgreSQL: {_first_line(error)}") from None

    @contextlib.contextmanager
    def transaction(self):
        """A write: one transaction holding the writer lock; nested calls are savepoints."""
        first = self.depth == 0
        self.depth += 1
        try:
            with self.conn.transaction():
                if first:
                    self.execute("SELECT pg_advisory_xact_lock(?)", [WRITER_LOCK])
                yield self
        finally:
            self.depth -= 1

    @property
    def in_transaction(self) -> bool:
        return self.depth > 0

    def close(self) -> None:
        self.conn.close()


def redacted(address: str) -> str:
    """An address as it may be printed: a password given in it is hidden."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", address)


def _first_line(error) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def open_postgres(address: str, read_only: bool) -> PostgresDatabase:
    return PostgresDatabase(address, read_only=read_only)
