"""The formats, as one registry: what each is called, which file endings choose it, which kinds of
result it can carry. The Typer choices are built from it, and so is the rule that picks a format
from an --output file's name."""

from enum import StrEnum
from pathlib import Path

from claims.basics.errors import ClaimsError

# Every format, once: the file endings that choose it when --format is not given, and the kinds of
# result it can carry ("rows": lists and records; "comparison": compare, conflicts and timelines;
# "file": what import reads; "export": what export writes). The Typer choices below are built from it.
FORMATS: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "table": ((), frozenset({"rows", "comparison"})),
    "csv": ((".csv",), frozenset({"rows", "comparison", "file", "export"})),
    "json": ((".json",), frozenset({"rows", "comparison", "file", "export"})),
    "jsonl": ((".jsonl", ".ndjson"), frozenset({"rows", "file", "export"})),
    "markdown": ((".md", ".markdown"), frozenset({"rows", "comparison"})),
    "html": ((".html", ".htm"), frozenset({"comparison"})),
    "xlsx": ((".xlsx",), frozenset({"comparison"})),
    "claimreview": ((), frozenset({"export"})),
}
TERMINAL_ONLY = frozenset({"table"})  # never written to a file
FILE_ONLY = frozenset({"xlsx"})  # never written to a terminal


def formats_of(kind: str) -> list[str]:
    """The formats a kind of result can be given in, in the registry's order."""
    return [name for name, (_, kinds) in FORMATS.items() if kind in kinds]


def _choices(name: str, kind: str, doc: str) -> type[StrEnum]:
    choices = StrEnum(name, {format_name: format_name for format_name in formats_of(kind)})
    choices.__doc__ = doc
    return choices


Format = _choices("Format", "rows", "Formats of lists and records.")
ReportFormat = _choices("ReportFormat", "comparison", "Formats of comparisons, which add a web page and a workbook.")
FileFormat = _choices("FileFormat", "file", "What `claims import` reads.")
ExportFormat = _choices("ExportFormat", "export", "What `claims export` writes: importable rows, or ClaimReview.")


def by_extension(path: str, kind: str) -> str | None:
    """The format a file name asks for, if its ending names one this kind of result has."""
    suffix = Path(path).suffix.lower()
    return next((name for name in formats_of(kind) if suffix in FORMATS[name][0]), None)


def chosen(given: str | None, path: str | None, kind: str, default: str = "table") -> str:
    """The format to write: --format if given, else the --output file's ending, else the default.
    Refused in one line: a terminal format written to a file, a file format sent to the terminal,
    an ending that names no format of this result."""
    if given is None and path:
        given = by_extension(path, kind)
        if given is None:
            endings = ", ".join(e for name in formats_of(kind) for e in FORMATS[name][0])
            raise ClaimsError(f"cannot tell the format from the name {path}: give --format, or a file name "
                              f"ending {endings}")
    fmt = str(given or default)
    if fmt in TERMINAL_ONLY and path:
        raise ClaimsError(f"the {fmt} format is for the terminal: give --format "
                          f"{', '.join(f for f in formats_of(kind) if f not in TERMINAL_ONLY)}, "
                          "or an --output name with one of their endings")
    if fmt in FILE_ONLY and not path:
        raise ClaimsError(f"{fmt} needs --output FILE")
    return fmt
