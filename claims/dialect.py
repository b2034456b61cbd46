"""The pieces of SQL that only SQLite speaks this way, named once: every statement in
`queries` and `store` is written with them, so that a second engine (PostgreSQL, for a
shared claims base) changes these lines and no statement.

Each piece is a fragment of SQL text or a function that builds one; none takes input
from a user (values always travel as parameters).
"""

import json

NOCASE = "COLLATE NOCASE"  # names compared ignoring case (a column declared so sorts so too)
RECORDED = "rowid"  # the order claims were recorded in: a column of every row, indexed


def in_list(column: str) -> str:
    """`column` is one of a list given as one parameter (`listed(values)`)."""
    return f"{column} IN (SELECT value FROM json_each(?))"


def listed(values) -> str:
    """The parameter `in_list` takes: the values, as one JSON array."""
    return json.dumps(list(values))


def joined(expression: str) -> str:
    """The values of `expression` in a group, one string, '; ' between them."""
    return f"group_concat({expression}, '; ')"


def week_of(date: str) -> str:
    """The week a date falls in: days since 0001-01-01 in sevens, as Python's
    `date.toordinal() // 7`."""
    return f"CAST(julianday({date}) - 1721424.5 AS INTEGER) / 7"


def days_before(date: str) -> str:
    """A date some days before `date`, the days given as a parameter (`days_back(n)`)."""
    return f"date({date}, ?)"


def days_back(days: int) -> str:
    return f"-{days} days"


def month_of(date: str) -> str:
    """'2025-01' of an ISO date or time."""
    return f"substr({date}, 1, 7)"


def is_whole_number(column: str) -> str:
    return f"typeof({column}) = 'integer'"


INDEXES_OF = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
TRIGGERS_OF = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"
REBUILD_SEARCH = "INSERT INTO claims_fts (claims_fts) VALUES ('rebuild')"  # the quote search, from the claims
INTEGRITY_CHECK = "PRAGMA integrity_check"  # rows: 'ok', or what is wrong
FOREIGN_KEY_CHECK = "PRAGMA foreign_key_check"  # rows: (table, rowid, parent table, ...)
