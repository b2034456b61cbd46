"""The only floor that speaks SQL: the engines, their dialects and migrations, one store that
writes and one module that reads."""


def _import_sqlite_utils_alone() -> None:
    """sqlite-utils imports numpy and pandas, when installed, as it is itself imported, only
    to map their number types to column types for `Table.insert`, which claims never calls:
    80-100 ms of every `list` and `compare`. They are hidden while it loads (it then takes
    them as not installed) and importable again afterwards, for the learning and the charts."""
    import sys

    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # an import of a name set to None fails at once
    try:
        import sqlite_utils.db  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_sqlite_utils_alone()
