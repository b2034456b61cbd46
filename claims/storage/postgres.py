"""The PostgreSQL engine (team mode): a shared claims base on a server, behind the same
`Engine` interface as a SQLite file.

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
from pathlib import Path

from claims.basics.errors import ClaimsError
from claims.storage.dialect import POSTGRES
from claims.storage.engine import copied, uninterrupted
from claims.storage.migrations import MIGRATIONS, POSTGRES_RECORD

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


class PostgresEngine:
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

    def insert_id(self, sql: str, params) -> int:
        return self.execute(sql + " RETURNING id", params).fetchone()[0]

    def insert_rows(self, table: str, columns, rows) -> None:
        """Rows streamed in with COPY: several times faster than one INSERT per row."""
        def copy():
            with self.conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
                for row in rows:
                    stream.write_row(row)

        self._run(copy)

    def refuse_writes(self) -> None:
        pass  # the session was opened read-only: the server refuses every write itself

    def interruptible(self, every: int = 50_000):
        return contextlib.nullcontext(self)  # a server statement is stopped by Ctrl-C through the driver

    def bulk_writing(self, big: bool):
        return contextlib.nullcontext(self)  # a server keeps its own settings and checks

    def indexes_set_aside(self, active: bool):
        return contextlib.nullcontext(self)  # never on a shared server: every other analyst would wait

    def backup(self, target: Path) -> dict:
        """A shared base as a normal claims file, for offline work: every row, read in one
        snapshot (REPEATABLE READ), so the copy is consistent while others write."""
        from claims.storage.sqlite import SQLiteEngine

        copy = SQLiteEngine.open(str(target), create=True, chosen=True, read_only=False)
        try:
            with copy.transaction():
                copy.migrate()
            with self.snapshot(), copy.transaction():
                copy.execute("PRAGMA defer_foreign_keys = ON")  # a source may copy one with a later id
                for table, order in BACKUP_TABLES:
                    self._copy_table(copy, table, order)
            claims = copy.execute("SELECT count(*) FROM claims").fetchone()[0]
        except BaseException:
            copy.close()
            target.unlink(missing_ok=True)
            raise
        copy.close()
        return copied(target, claims)

    def _copy_table(self, copy, table: str, order: str) -> None:
        cursor = self.execute(f"SELECT * FROM {table} ORDER BY {order}")  # names from BACKUP_TABLES
        keep = [i for i, column in enumerate(cursor.description) if column.name != "seq"]  # the file has rowid
        names = [cursor.description[i].name for i in keep]
        while rows := cursor.fetchmany(10_000):
            copy.insert_rows(table, names, [[row[i] for i in keep] for row in rows])

    def durability_warnings(self) -> list[str]:
        """The settings under which a write the server acknowledged can still be lost when its
        primary fails: no synchronous standby, or commits not waiting for one."""
        commit, standbys = self.execute(
            "SELECT current_setting('synchronous_commit'), current_setting('synchronous_standby_names')").fetchone()
        found = []
        if commit in ("off", "local"):
            found.append(f"synchronous_commit is {commit!r}: a commit is acknowledged before a replica has it")
        if not standbys.strip():
            found.append("no synchronous standby (synchronous_standby_names is empty): "
                         "acknowledged writes can be lost if the primary fails")
        return found

    def pending_migrations(self) -> list[str]:
        has_record = self.execute("SELECT to_regclass('claims_migrations') IS NOT NULL").fetchone()[0]
        done = {r[0] for r in self.execute("SELECT name FROM claims_migrations")} if has_record else set()
        return [migration.name for migration in MIGRATIONS if migration.name not in done]

    def migrate(self) -> None:
        """Bring the schema up to date, inside the caller's transaction (PostgreSQL changes its
        schema transactionally too: a failed upgrade leaves the old one)."""
        from claims.basics.dates import now

        self.executescript(POSTGRES_RECORD)
        todo = set(self.pending_migrations())
        for migration in MIGRATIONS:
            if migration.name in todo:
                self.executescript(migration.postgres)
                self.execute("INSERT INTO claims_migrations (name, applied_at) VALUES (?, ?)", [migration.name, now()])

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
        with uninterrupted():  # Ctrl-C does not split the commit
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


# what a server's base is copied as, parents first; claims in the order they were recorded
BACKUP_TABLES = [("sources", "id"), ("source_aliases", "alias"), ("topics", "id"), ("imports", "id"),
                 ("claims", "seq"), ("links", "id"), ("history", "id"), ("learned_weights", "source_id")]
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

