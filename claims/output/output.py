"""Rendering: the one module that prints, and the only one that imports rich.

Every list-like command hands its rows here with a format. Claim text comes
from the web, so each format is made safe on the way out: terminal control
characters are shown, not obeyed; rich markup is never parsed from data; CSV
cells cannot start a spreadsheet formula; Markdown pipes and HTML are escaped.
"""

import contextlib
import errno
import html
import json
import math
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

from claims.basics.cells import csv_line, guarded
from claims.basics.errors import ClaimsError, DiskFull

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\|`*\[\]])")


# ---------------------------------------------------------------- cell safety

def terminal_safe(text: str) -> str:
    """Control characters (ANSI escapes, bidi overrides) shown as \\x1b, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def plain(value, human: bool = False) -> str:
    """A value as text: lists joined, numbers without a trailing .0 (rounded if `human`)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(plain(v, human) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        if human:
            return human_number(value)
        return _number_text(value) if isinstance(value, float) else str(value)
    return str(value)


def human_number(x: float) -> str:
    """For reading, not for re-use: 1.864114 -> 1.86, 37500 -> 37,500."""
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.3g}"


def _number_text(x: float) -> str:
    if math.isinf(x):
        return "inf"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def csv_cell(value) -> str:
    """A CSV cell no spreadsheet will run: a line of text starting = + - @ or tab gets an
    apostrophe in front (see `claims.basics.cells`)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return plain(value)  # a real number, negative or not, stays a number
    return guarded(plain(value))


def markdown_cell(value) -> str:
    text = " ".join(terminal_safe(plain(value, human=True)).split())  # a newline would end the table row
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def json_text(data, indent: int | None = 2) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False, default=str)


# ---------------------------------------------------------------- writing

class Target(NamedTuple):
    """Where a machine format goes: a file (an existing one only replaced with `force`)."""

    path: str
    force: bool = False


def emit(text: str, output: "Target | str | None" = None, what: str = "the output") -> None:
    """Machine formats go to plain stdout, or to --output (and say so on stderr)."""
    if not output:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with written(output, what) as path:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)


@contextlib.contextmanager
def written(output: "Target | str", what: str):
    """A file written whole or not at all: checked first (a folder that exists, no file
    replaced unless forced), written beside its place, then moved into it."""
    target = output if isinstance(output, Target) else Target(output)
    path = Path(target.path)
    if path.is_dir():
        raise ClaimsError(f"{target.path} is a folder: give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise ClaimsError(f"cannot write {target.path}: folder {folder} does not exist")
    if path.exists() and not target.force:
        raise ClaimsError(f"{target.path} already exists: --force replaces it")
    partial = folder / f".{path.name}.partial"
    try:
        yield partial
        os.replace(partial, path)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise DiskFull(f"no space left to write {target.path}: {error.strerror}") from None
        raise ClaimsError(f"cannot write {target.path}: {error.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    note(f"wrote {what} to {target.path}")


def console(stderr: bool = False):
    from rich.console import Console

    # built per call: tests pin COLUMNS, and rich reads it when the console is made
    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, emoji=False)


def error(message: str) -> None:
    sys.stderr.write(f"error: {terminal_safe(message)}\n")


def warning(message: str) -> None:
    sys.stderr.write(f"warning: {terminal_safe(message)}\n")


def note(message: str) -> None:
    """What a command did beside its output (a file written, a topic created): on stderr."""
    sys.stderr.write(f"{terminal_safe(message)}\n")


def say(message: str) -> None:
    sys.stdout.write(terminal_safe(message) + "\n")


def say_wrapped(message: str) -> None:
    """A line of prose under a table, wrapped to the table's width (the terminal's, or 80)."""
    import textwrap

    for line in textwrap.wrap(message, console().width, subsequent_indent="  ", break_on_hyphens=False) or [""]:
        say(line)


# ---------------------------------------------------------------- tables

def render(rows: list[dict], fmt: str, columns: list[str] | None = None, title: str | None = None,
           output: "Target | str | None" = None, total: int | None = None, show_all: bool = False,
           noun: str = "rows") -> None:
    """A list of rows in any list format. `columns` picks what table and markdown show;
    `total` and `show_all` go to `table`; `noun` names the rows when a file is written."""
    keys = list(rows[0]) if rows else list(columns or [])
    shape = _Shape(keys, columns or keys, title, total, show_all, f"{len(rows):,} {noun}")
    ROW_WRITERS[str(fmt)](rows, shape, output)


class _Shape(NamedTuple):
    keys: list[str]  # every field, for the machine formats
    shown: list[str]  # the columns a person reads (table, markdown)
    title: str | None
    total: int | None
    show_all: bool
    what: str  # what a written file holds, said on stderr


# Rows in each of their formats (claims.basics.formats lists which): (rows, shape, output) -> None.
ROW_WRITERS = {
    "table": lambda rows, s, output: table(rows, s.shown, s.title, total=s.total, show_all=s.show_all),
    "csv": lambda rows, s, output: emit(csv_text(rows, s.keys), output, s.what),
    "json": lambda rows, s, output: emit(json_text(rows) + "\n", output, s.what),
    "jsonl": lambda rows, s, output: emit("".join(json_text(r, None) + "\n" for r in rows), output, s.what),
    "markdown": lambda rows, s, output: emit(markdown_text(rows, s.shown), output, s.what),
}


def csv_text(rows: list[dict], keys: list[str]) -> str:
    return csv_line(keys) + "".join(csv_line([csv_cell(row.get(k)) for k in keys]) for row in rows)


def markdown_text(rows: list[dict], keys: list[str]) -> str:
    lines = ["| " + " | ".join(markdown_cell(k) for k in keys) + " |",
             "|" + "|".join(" --- " for _ in keys) + "|"]
    lines += ["| " + " | ".join(markdown_cell(row.get(k)) for k in keys) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# ids, codes and dates read badly when wrapped; text columns get a floor so that
# rich does not squeeze them to a letter a line on a narrow terminal
HEADERS = {"admiralty": "code", "value": "best", "conflicting_claims": "in conflict", "conflict_pairs": "pairs",
           "independent_sources": "sources", "learned_weight": "learned"}  # table headers only; data keys stay
ALWAYS_WHOLE = {"id", "start", "end", "chart", "admiralty", "status", "as_of", "reported_on", "reliability",
                "at", "entity_id"}
MIN_WIDTH = {"source": 12, "figure": 16, "topic": 20, "flags": 9, "via": 12, "quote": 20, "name": 12,
             "title": 16}


# Rows a terminal table shows. Drawing one takes rich about a millisecond a row: a million
# claims would take a quarter of an hour to scroll past. Every other format shows them all.
TABLE_ROWS = 100


# Narrower layouts of the tables people read, tried in turn when the one before does not fit
# the terminal (or the 80 columns rich assumes when output is piped). A tuple stacks its keys
# in one column, a line each. When none fits, each row is written as a record. No column is
# ever dropped: every key of the wide layout is in every narrower one.
NARROWER = {
    ("id", "topic", "source", "admiralty", "figure", "status", "as_of", "via"): [
        ["id", "topic", ("source", "via"), ("admiralty", "status"), "figure", "as_of"],
        [("id", "as_of"), "topic", ("source", "via"), "figure", ("admiralty", "status")]],
    ("id", "source", "admiralty", "status", "as_of", "figure", "low", "value", "high", "interval", "flags"): [
        ["id", "source", ("admiralty", "status"), "as_of", "figure", ("low", "value", "high"), "interval", "flags"],
        [("id", "as_of"), "source", ("admiralty", "status"), "figure", ("low", "value", "high"),
         ("interval", "flags")]],
    ("topic", "unit", "claims", "sources", "conflicting_claims", "conflict_pairs", "severity", "grade",
     "consensus"): [
        [("topic", "unit"), ("claims", "sources"), ("conflicting_claims", "conflict_pairs"), "severity",
         ("grade", "consensus")]],
    ("id", "at", "who", "entity", "entity_id", "action", "field", "old", "new", "why", "evidence"): [
        [("id", "at"), ("who", "action"), ("entity", "entity_id"), "field", ("old", "new"), ("why", "evidence")]],
    ("at", "who", "action", "field", "old", "new", "why", "evidence"): [
        [("at", "who"), ("action", "field"), ("old", "new"), ("why", "evidence")]],
    ("figure", "source", "source_type", "side", "topic", "via", "as_of", "confidence", "stored"): [
        ["figure", ("source", "source_type", "side"), "topic", "via", ("as_of", "confidence", "stored")],
        ["figure", ("source", "source_type", "side", "via"), ("topic", "as_of", "confidence", "stored")]],
    ("name", "type", "side", "reliability", "aliases", "claims"): [
        [("name", "aliases"), ("type", "side"), "reliability", "claims"]],
    ("key", "title", "unit", "kind", "claims", "sources"): [
        [("key", "title"), ("unit", "kind"), ("claims", "sources")]],
    ("name", "type", "side", "claims", "settled", "score", "low", "high", "suggested", "grade", "learned_weight"): [
        [("name", "type", "side"), ("claims", "settled"), ("score", "low", "high"), ("suggested", "grade"),
         "learned_weight"]],
    ("start", "end", "claims", "sources", "low", "value", "high", "chart", "spread", "conflicts"): [
        [("start", "end"), ("claims", "sources"), ("low", "value", "high"), "chart", ("spread", "conflicts")]],
}
NARROWEST = 8  # a text column folds down to this width, unless told otherwise (MIN_WIDTH)
UNBROKEN = 16  # words up to this long are never broken across lines ("contested", "monitoring_group")


def table(rows: list[dict], keys: list[str], title: str | None = None, no_wrap: tuple = (),
          group_by: str | None = None, total: int | None = None, show_all: bool = False) -> None:
    """Rows as a terminal table that fits the terminal: the widest layout that fits, else
    one record per row. The first TABLE_ROWS rows unless `show_all`, then a line that says
    how many of `total` (default: the rows given) were left out, and how to see them."""
    total = len(rows) if total is None else total
    rows = rows if show_all else rows[:TABLE_ROWS]
    width = console().width
    whole = set(no_wrap) | ALWAYS_WHOLE | _numeric(rows, keys)
    for layout in [keys, *NARROWER.get(tuple(keys), [])]:
        columns = [column if isinstance(column, tuple) else (column,) for column in layout]
        if _needed(columns, rows, whole) <= width:
            _draw(rows, columns, title, whole, group_by)
            break
    else:
        _records(rows, keys, title, width)
    left_out(len(rows), total)


def _numeric(rows: list[dict], keys: list[str]) -> set:
    """Columns of numbers (and blanks): they never wrap."""
    return {key for key in keys if rows and all(row.get(key) is None or isinstance(row.get(key), (int, float))
                                                for row in rows)}


def _needed(columns: list[tuple], rows: list[dict], whole: set) -> int:
    """The narrowest a layout can be drawn (see `_widths`), with a space each side of every column."""
    return sum(floor for floor, _ in _widths(columns, rows, whole)) + 2 * len(columns)


def _widths(columns: list[tuple], rows: list[dict], whole: set) -> list[tuple[int, int]]:
    """Each column's (narrowest, widest): whole columns at their longest line, header
    included; text columns from their floor (or their longest line, if shorter) to their
    longest line, never narrower than the longest word of their header."""
    found = []
    for keys in columns:
        longest = max((len(line) for row in rows for key in keys
                       for line in _table_text(row.get(key)).split("\n")), default=0)
        if all(key in whole for key in keys):  # a column that never wraps: its header does not either
            floor = longest = max([longest, *(len(HEADERS.get(key, key)) for key in keys)])
        else:  # folds at spaces; a word is broken only when longer than UNBROKEN
            word = max((len(w) for row in rows for key in keys for w in _table_text(row.get(key)).split()),
                       default=0)
            floor = min(longest, max(*(MIN_WIDTH.get(key, NARROWEST) for key in keys), min(word, UNBROKEN)))
        header = max(len(word) for key in keys for word in HEADERS.get(key, key).split())
        found.append((max(header, floor), max(header, longest)))
    return found


def _share(bounds: list[tuple[int, int]], width: int) -> list[int]:
    """Column widths that fill at most `width`: every column its narrowest, then what is left
    shared out evenly, the columns that want least made whole first (a name before a quote)."""
    widths = [floor for floor, _ in bounds]
    spare = width - sum(widths) - 2 * len(bounds)
    waiting = sorted((top - floor, i) for i, (floor, top) in enumerate(bounds) if top > floor)
    while waiting and spare > 0:
        fair = spare // len(waiting)
        want, i = waiting[0]
        if want > fair:  # every column left wants more than an even share: share evenly
            for number, (_, j) in enumerate(waiting):
                widths[j] += fair + (number < spare % len(waiting))
            break
        widths[i] += want
        spare -= want
        waiting.pop(0)
    return widths


def _records(rows: list[dict], keys: list[str], title: str | None, width: int) -> None:
    """Each row as a block of 'key  value' lines: what a table too wide for the terminal becomes."""
    import textwrap

    label = max(len(HEADERS.get(key, key)) for key in keys) + 2
    if title:
        say(title)
    for number, row in enumerate(rows, 1):
        say(f"-- {number} of {len(rows)} " + "-" * max(0, min(width, 40) - len(f"-- {number} of {len(rows)} ")))
        for key in keys:
            text = terminal_safe(_table_text(row.get(key))).replace("\n", "; ")
            lines = textwrap.wrap(text, max(10, width - label), break_long_words=True) or [""]
            say(f"{HEADERS.get(key, key):<{label}}{lines[0]}".rstrip())
            for line in lines[1:]:
                say(" " * label + line)


def left_out(shown: int, total: int, noun: str = "rows") -> None:
    if total > shown:
        say(f"showing {shown:,} of {total:,} {noun}: --format csv, json or markdown gives every one")


def _draw(rows: list[dict], columns: list[tuple], title: str | None, whole: set, group_by: str | None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    grid = Table(title=Text(terminal_safe(title)) if title else None, box=box.SIMPLE_HEAD,
                 collapse_padding=True, pad_edge=False)
    # widths decided here, not by rich: it would squeeze a column it cannot fold, or drop one
    for keys, width in zip(columns, _share(_widths(columns, rows, whole), console().width)):
        grid.add_column(Text("\n".join(HEADERS.get(key, key) for key in keys)), overflow="fold",
                        no_wrap=all(key in whole for key in keys), width=width)
    nothing = last = object()
    grouped = next((i for i, keys in enumerate(columns) if group_by in keys), None)
    for row in rows:
        shown = [Text(terminal_safe("\n".join(_table_text(row.get(key)) for key in keys))) for keys in columns]
        if group_by:
            key = row.get(group_by)
            if last is not nothing and key != last:
                grid.add_section()  # a rule between groups
            elif key == last and grouped is not None:
                shown[grouped] = Text("")  # a group's key is written once
            last = key
        grid.add_row(*shown)
    console().print(grid)


def _table_text(value) -> str:
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return " > ".join(value)
    return plain(value, human=True)


def shorten(text: str | None, width: int = 48, squeeze: bool = False) -> str | None:
    """Text cut to `width` characters with an ellipsis, the one way every format cuts;
    `squeeze` first folds runs of white space (a quote's line breaks) into single spaces."""
    if text is not None and squeeze:
        text = " ".join(text.split())
    if text is None or len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"


def record(mapping: dict, title: str | None = None) -> None:
    """One item, field by field (`show`)."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(title=Text(terminal_safe(title)) if title else None, show_header=False)
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for key, value in mapping.items():
        grid.add_row(Text(key), Text(terminal_safe(_table_text(value))))
    console().print(grid)


def source_detail(detail: dict) -> None:
    """`sources show` on a terminal: the source, its record month by month, its history."""
    shown = {k: v for k, v in detail.items() if k not in ("history", "over_time")}
    record(shown, title=f"source {detail['name']}")
    if detail["over_time"]:
        table(detail["over_time"], list(detail["over_time"][0]), title="record over time")
    if detail["history"]:
        table(detail["history"], list(detail["history"][0]), title="history")


def claim_detail(claim: dict) -> None:
    """`show` on a terminal: the claim field by field, then its history with the evidence."""
    record({k: v for k, v in claim.items() if k != "history"}, title=f"claim {claim['id']}")
    if claim["history"]:
        table(claim["history"], list(claim["history"][0]), title="history")


@contextlib.contextmanager
def progress(description: str):
    """A progress bar on a terminal; silence when stderr is piped. Yields a callback."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), TaskProgressColumn(),
                  TimeRemainingColumn(), console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(terminal_safe(description), total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


# ---------------------------------------------------------------- web pages

def html_text(value) -> str:
    return html.escape(terminal_safe(plain(value)))


