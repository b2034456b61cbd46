"""A Datasette plugin `claims serve` loads: SQL functions no visitor may call.

Datasette lets any visitor run SQL. SQLite's own hardening advice ("Defense against the dark
arts", sqlite.org/security.html) is to stop untrusted SQL from calling `fts3_tokenizer()`
(its one-argument form hands out a pointer into the server's memory, its two-argument form
installs one) and `load_extension()`; `readfile`/`writefile`/`edit` are the shell's file
functions, refused too should a build ever carry them. An authorizer on every connection
Datasette opens refuses them by name: the query fails with "not authorized".
"""

from datasette import hookimpl

BLOCKED = frozenset({"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit"})
SQLITE_OK, SQLITE_DENY, SQLITE_FUNCTION = 0, 1, 31  # sqlite3.h


def refuse_unsafe(action, first, second, database, trigger):
    """SQLite asks before each function call; the function's name is the second argument."""
    if action == SQLITE_FUNCTION and (second or "").lower() in BLOCKED:
        return SQLITE_DENY
    return SQLITE_OK


@hookimpl
def prepare_connection(conn):
    conn.set_authorizer(refuse_unsafe)
