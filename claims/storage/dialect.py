"""The pieces of SQL that SQLite and PostgreSQL write differently, named once: every
statement in `queries` and `store` is written with them, so that the two engines differ
in these lines and in no statement.

Each piece is a fragment of SQL text or a function that builds one; none takes input
from a user (values always travel as parameters). A database carries its dialect
(`db.dialect`); `dialect_of(db)` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass


def _json_list(values) -> str:
    return json.dumps(list(values))


@dataclass(frozen=True)
class Dialect:
    name: str
    recorded: str  # the column that keeps the order claims were recorded in, indexed
    in_list: Callable[[str], str]  # `column` is one of a list given as one parameter (`listed(values)`)
    listed: Callable  # the parameter `in_list` takes
    joined: Callable[[str], str]  # the values of an expression in a group, in order, '; ' between them
    week_of: Callable[[str], str]  # days since 0001-01-01 in sevens, as Python's `date.toordinal() // 7`
    days_before: Callable[[str], str]  # a date some days before a date, the days a parameter (`days_back`)
    days_back: Callable[[int], object]
    is_whole_number: Callable[[str], str]
    same: Callable[[str, str], str]  # two values equal, or both NULL (SQLite can search an index with it)
    temporary_until_commit: str  # what ends a temporary table's definition so that it goes with the transaction
    integrity_check: str | None  # rows: 'ok', or what is wrong
    foreign_key_check: str | None  # rows: (table, rowid, parent table, ...)
    indexes_of: str | None  # (name, sql) of a table's indexes, to set aside for a big import
    triggers_of: str | None
    rebuild_search: str | None  # the quote search, rebuilt from the claims


# NOCASE: names compared ignoring case. SQLite has the collation built in; the PostgreSQL
# schema creates an ICU collation of that name (folded to `nocase`), so the same words work.
NOCASE = "COLLATE NOCASE"


def month_of(date: str) -> str:
    """'2025-01' of an ISO date or time (the same in both engines)."""
    return f"substr({date}, 1, 7)"


SQLITE = Dialect(
    name="sqlite",
    recorded="rowid",
    in_list=lambda column: f"{column} IN (SELECT value FROM json_each(?))",
    listed=_json_list,
    joined=lambda expression: f"group_concat({expression}, '; ')",
    week_of=lambda date: f"CAST(julianday({date}) - 1721424.5 AS INTEGER) / 7",
    days_before=lambda date: f"date({date}, ?)",
    days_back=lambda days: f"-{days} days",
    is_whole_number=lambda column: f"typeof({column}) = 'integer'",
    same=lambda a, b: f"{a} IS {b}",
    temporary_until_commit="",  # a connection's temporary table; the import empties it before each use
    integrity_check="PRAGMA integrity_check",
    foreign_key_check="PRAGMA foreign_key_check",
    indexes_of="SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    triggers_of="SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
    rebuild_search="INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')",
)

POSTGRES = Dialect(
    name="postgresql",
    recorded="seq",  # an identity column: PostgreSQL rows have no rowid
    in_list=lambda column: f"{column} = ANY(?)",
    listed=list,  # psycopg sends a list as an array
    joined=lambda expression: f"string_agg({expression}, '; ' ORDER BY {expression})",
    week_of=lambda date: f"(CAST({date} AS date) - DATE '0001-01-01' + 1) / 7",
    days_before=lambda date: f"to_char(CAST({date} AS date) - CAST(? AS integer), 'YYYY-MM-DD')",
    days_back=lambda days: days,
    is_whole_number=lambda column: "TRUE",  # the column is typed integer: nothing else can be stored
    same=lambda a, b: f"{a} IS NOT DISTINCT FROM {b}",
    temporary_until_commit=" ON COMMIT DROP",
    integrity_check=None,  # the server keeps its own; foreign keys are always enforced
    foreign_key_check=None,
    indexes_of=None,  # never drop indexes on a shared server: every other analyst would wait
    triggers_of=None,
    rebuild_search=None,
)


def dialect_of(db) -> Dialect:
    return getattr(db, "dialect", SQLITE)
