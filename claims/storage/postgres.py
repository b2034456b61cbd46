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
import time

from claims.basics.errors import ClaimsError
from claims.storage.dialect import POSTGRES

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
        self.address, self.read_only, self.depth = address, read_only, 0
        self.conn = self._connect()
        self.user = self.conn.execute("SELECT current_user").fetchone()[0]

    def _connect(self):
        """A connection, tried a second time after a pause when the servers answered but none
        would take writes (a cluster between primaries, for about `FAILOVER_PAUSE` seconds)."""
        psycopg = _driver()
        for attempt in (1, 2):
            try:
                conn = psycopg.connect(self.address, autocommit=True, connect_timeout=10)
                break
            except psycopg.Error as error:
                if attempt == 2 or not _between_primaries(error):
                    raise ClaimsError(f"cannot connect to {redacted(self.address)}: {_first_line(error)}") from None
                time.sleep(FAILOVER_PAUSE)
        if self.read_only:  # reads never write: the server refuses it for the whole session
            conn.execute("SET default_transaction_read_only = on")
        return conn

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

    def copy_rows(self, table: str, columns: list[str], rows) -> None:
        """Rows streamed in with COPY: several times faster than one INSERT per row."""
        def copy():
            with self.conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
                for row in rows:
                    stream.write_row(row)

        self._run(copy)

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
    def transaction(self, committing=contextlib.nullcontext):
        """A write: one transaction holding the writer lock; nested calls are savepoints.
        `committing`: what the commit runs inside (the caller keeps Ctrl-C from splitting it)."""
        if self.depth:
            with self._savepoint():
                yield self
            return
        self._begin()
        self.depth = 1
        try:
            yield self
        except BaseException:
            self.depth = 0
            with contextlib.suppress(Exception):  # a lost connection has rolled back already
                self.conn.execute("ROLLBACK")
            raise
        self.depth = 0
        with committing():
            self.execute("COMMIT")

    @contextlib.contextmanager
    def snapshot(self):
        """Reads that all see the base as it was at their first statement (for a backup)."""
        self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            with contextlib.suppress(Exception):
                self.conn.execute("COMMIT")

    def _begin(self) -> None:
        """BEGIN and the writer lock. A connection lost since the last transaction (a failover,
        a restarted server) is made again once: nothing of this transaction was done yet."""
        import psycopg

        for attempt in (1, 2):
            if self.conn.closed:
                self.conn = self._connect()
            try:
                self.conn.execute("BEGIN")
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])
                return
            except psycopg.OperationalError as error:
                if attempt == 2 or not self.conn.closed:
                    raise ClaimsError(f"PostgreSQL: {_first_line(error)}") from None

    @contextlib.contextmanager
    def _savepoint(self):
        name = f"claims_{self.depth}"
        self.execute(f"SAVEPOINT {name}")
        self.depth += 1
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            raise
        finally:
            self.depth -= 1
        self.execute(f"RELEASE SAVEPOINT {name}")

    @property
    def in_transaction(self) -> bool:
        return self.depth > 0

    def close(self) -> None:
        self.conn.close()


FAILOVER_PAUSE = 10.0  # seconds: a Patroni cluster with ttl 10 elects a new primary in about this

# what libpq says when it reached servers but none takes writes (yet)
_NO_PRIMARY = ("read-only", "hot standby", "starting up", "shutting down", "in recovery")


def _between_primaries(error) -> bool:
    return any(words in str(error) for words in _NO_PRIMARY)


def redacted(address: str) -> str:
    """An address as it may be printed: a password given in it is hidden."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", address)


def _first_line(error) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

