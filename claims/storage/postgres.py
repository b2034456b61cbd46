"""The PostgreSQL engine (team mode): a shared claims base on a server, behind the same
`Engine` interface as a SQLite file.

The driver (psycopg 3) comes with `pip install 'claims[team]'` and is imported only when a
postgresql:// address asks for it, so that start-up and the default install do not change.
Statements are written once, with SQLite's `?` and `:name` parameters; they are turned
into psycopg's `%s` and `%(name)s` here, once per statement text.

Writers take one lock for their transaction (`_lock_writers`), so that one analyst writes at a
time, as with the SQLite file: every read-check-write rule of `store` holds unchanged.
"""

from __future__ import annotations

import contextlib
import functools
import re
import time
from pathlib import Path

from claims.basics.errors import Busy, ClaimsError, ServerUnavailable
from claims.storage.dialect import POSTGRES
from claims.storage.engine import copied, uninterrupted
from claims.storage.migrations import MIGRATIONS, POSTGRES_RECORD, run

SCHEMES = ("postgresql://", "postgres://")
WRITER_LOCK = 0x636C61696D73  # "claims": the advisory lock writers took before migration 006
LOCK_WAIT = 60  # seconds a writer waits for another to finish, as SQLite's busy timeout
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
    finds_taken_ids = False  # a failed statement aborts the whole transaction: ids are checked before
    created = False  # a server database is made by its administrator, never by a command

    def __init__(self, address: str, read_only: bool = False):
        self.address, self.read_only, self.depth, self.writer_table = address, read_only, 0, False
        self.conn = self._connect()
        self.user = self._run(lambda: self.conn.execute("SELECT current_user")).fetchone()[0]

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
                    raise ServerUnavailable(f"cannot connect to {redacted(self.address)}: "
                                            f"{_first_line(error, self.address)}") from None
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

    def execute_many(self, sql: str, rows) -> None:
        self._run(lambda: self.conn.cursor().executemany(placeholders(sql), rows))

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
        snapshot (REPEATABLE READ), so the copy is consistent while others write; the file is
        in place at its one commit, complete, or not there at all."""
        from claims.storage.sqlite import SQLiteEngine

        copy = SQLiteEngine.new_file(target)
        try:
            with self.snapshot(), copy.transaction():
                copy.execute("PRAGMA defer_foreign_keys = ON")  # a source may copy one with a later id
                for table, order in BACKUP_TABLES:
                    self._copy_table(copy, table, order)
            claims = copy.execute("SELECT count(*) FROM claims").fetchone()[0]
        except BaseException:
            copy.finish_creation(kept=False)
            raise
        copy.close()
        return copied(target, claims)

    def insert_rows_unless_taken(self, table: str, columns, rows, key: str) -> bool:
        raise NotImplementedError("a server's ids are checked before they are written (finds_taken_ids)")

    def publish(self) -> None:
        pass  # a server's base is made by its administrator, never put in place by a command

    def finish_creation(self, kept: bool) -> bool:
        return True

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
                run(self, migration.postgres)
                self.execute("INSERT INTO claims_migrations (name, applied_at) VALUES (?, ?)", [migration.name, now()])

    def executescript(self, sql: str) -> None:
        self._run(lambda: self.conn.execute(sql))

    def _run(self, step, committing: bool = False):
        """A statement, its failure worded for the user. A connection lost outside a write
        transaction (a read, or the start of one) is made again and the statement run once
        more; inside one, nothing of the transaction was kept, and the command says so."""
        import psycopg

        for attempt in (1, 2):
            try:
                return step()
            except psycopg.errors.ReadOnlySqlTransaction:
                raise ClaimsError("this command only reads, yet tried to write (a bug: please report it)") from None
            except psycopg.errors.InsufficientPrivilege as error:
                raise ClaimsError(f"the server refused: {_first_line(error, self.address)}") from None
            except psycopg.OperationalError as error:
                if not self.conn.closed:
                    raise ClaimsError(f"PostgreSQL: {_first_line(error, self.address)}") from None
                if attempt == 2 or self.depth or committing:
                    raise ServerUnavailable(_lost(error, self.address, committing)) from None
                self.conn = self._connect()
            except psycopg.Error as error:
                raise ClaimsError(f"PostgreSQL: {_first_line(error, self.address)}") from None

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
            self._run(lambda: self.conn.execute("COMMIT"), committing=True)

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
                self._lock_writers()
                return
            except psycopg.errors.LockNotAvailable:
                self._rollback()
                raise Busy(f"another writer has held the claims base for over {LOCK_WAIT} s "
                           f"({self._lock_holder()}): try again when it is done") from None
            except psycopg.errors.InsufficientPrivilege:
                self._rollback()
                raise ClaimsError(f"role {self.user} may only read this claims base (ask its owner for "
                                  "claims_analyst)") from None
            except psycopg.OperationalError as error:
                if attempt == 2 or not self.conn.closed:
                    raise ServerUnavailable(_lost(error, self.address)) from None

    def _lock_writers(self) -> None:
        """One writer at a time. Since migration 006 the lock is a table only roles that may
        write can lock; before it (and while it is applied) an advisory lock, which any role
        could take. Either waits at most LOCK_WAIT seconds."""
        self.conn.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}s'")
        if self.writer_table or self.conn.execute("SELECT to_regclass('claims_writer')").fetchone()[0]:
            self.writer_table = True
            self.conn.execute("LOCK TABLE claims_writer IN EXCLUSIVE MODE")
        else:
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])

    def _lock_holder(self) -> str:
        with contextlib.suppress(Exception):
            row = self.conn.execute(
                "SELECT a.usename, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.granted AND (l.relation = to_regclass('claims_writer') OR "
                "(l.locktype = 'advisory' AND l.objid = %s)) LIMIT 1", [WRITER_LOCK & 0xFFFFFFFF]).fetchone()
            if row:
                return f"role {row[0]}, server process {row[1]}"
        return "who holds it is not visible to this role"

    def _rollback(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.execute("ROLLBACK")

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
    """An address as it may be printed: a password given in it (user:password@, or as
    ?password= / &sslpassword= among its parameters) is hidden."""
    address = re.sub(r"(://[^:/@?]+):[^@/?]*@", r"\1:***@", address)
    return re.sub(r"([?&][a-z_]*password=)[^&#]*", r"\1***", address, flags=re.IGNORECASE)


def _secrets(address: str) -> list[str]:
    """The passwords in an address, as written and decoded, longest first."""
    from urllib.parse import unquote

    found = re.findall(r"://[^:/@?]+:([^@/?]*)@", address)
    found += re.findall(r"[?&][a-z_]*password=([^&#]*)", address, flags=re.IGNORECASE)
    return sorted({s for raw in found if raw for s in (raw, unquote(raw))}, key=len, reverse=True)


def _first_line(error, address: str = "") -> str:
    """The first line of the driver's message, with no password of the address in it."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    for secret in _secrets(address):
        text = text.replace(secret, "***")
    return text


def _lost(error, address: str, committing: bool = False) -> str:
    if committing:
        return (f"the connection to the server was lost while committing ({_first_line(error, address)}): "
                "the change may or may not be recorded; look with `claims history` before repeating it")
    return (f"the connection to the server was lost ({_first_line(error, address)}): "
            "nothing of this command was written; try again")

