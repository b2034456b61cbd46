"""Claims in files: CSV, a JSON array, or JSON Lines, read in chunks of labelled rows.

Rows use the keys of `claims list --format json`, so an export imports back
unchanged. Reading stops at the shape of the file (encoding, header, JSON syntax) and
knows nothing of storing; validating and storing the rows, all or nothing, is
`claims.importing`'s job.
"""

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from claims.basics.cells import unguarded
from claims.basics.errors import ClaimsError

EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
csv.field_size_limit(64 * 1024 * 1024)

Progress = Callable[[int, int], None]  # (bytes read, bytes in the file)


def detect_format(path: str, fmt: str | None) -> str:
    if fmt:
        return str(fmt)
    found = EXTENSIONS.get(Path(path).suffix.lower())
    if not found:
        raise ClaimsError(f"cannot tell the format of {path}: use --format csv, json or jsonl")
    return found


def _open_text(path: str) -> tuple[io.BufferedReader, io.TextIOWrapper]:
    try:
        raw = open(path, "rb")  # noqa: SIM115 (closed by the caller)
    except FileNotFoundError:
        raise ClaimsError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise ClaimsError(f"{path} is a directory, not a file") from None
    except OSError as error:
        raise ClaimsError(f"cannot read {path}: {error.strerror}") from None
    head = raw.peek(4)[:4]
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    return raw, io.TextIOWrapper(raw, encoding=encoding, newline="")


CHUNK = 2000  # rows read, validated and written together
BLOCK = 1 << 20  # bytes of JSON Lines handed to a worker at once
BYTES_PER_ROW = 150  # a small claim's size on disk, to guess rows from a file's size


class Chunk(NamedTuple):
    """Rows on their way to validation. `rows` holds (label, row) pairs, where a row is a
    dict, the text of one JSON object, a CSV row's cells (named by `header`) or the
    exception that stopped its reading. A `block` is raw bytes of whole JSON Lines (the
    first numbered `first_line`) or, with a `header`, of whole CSV records, split where
    it is validated. CSV records are counted there too, so their labels are relative,
    "row +3", until the import puts them in place."""

    rows: list
    header: tuple | None = None
    block: bytes | None = None
    first_line: int = 1


def read_chunks(path: str, fmt: str) -> Iterator[tuple[Chunk, int]]:
    """(chunk, bytes read so far) through the whole file."""
    readers = {"csv": _csv_chunks, "json": _json_chunks, "jsonl": _jsonl_chunks}
    return readers[fmt](path)


def rows_of(chunk: Chunk) -> list[tuple[str, object]]:
    """A chunk's (label, row) pairs: JSON Lines split, CSV cells named, empty cells dropped."""
    if chunk.block is not None and chunk.header is None:
        return _lines(chunk.block, chunk.first_line)
    if chunk.header is None:
        return chunk.rows
    header = chunk.header
    rows = _csv_block(chunk.block, len(header)) if chunk.block is not None else chunk.rows
    return [(label, {k: unguarded(v) for k, v in zip(header, cells) if v != ""}
             if isinstance(cells, list) else cells) for label, cells in rows]


def _csv_chunks(path):
    """Blocks of whole CSV records, read as bytes: the reading process only finds where
    records end (never inside quotes). UTF-16 files are read record by record instead."""
    raw, text = _open_text(path)
    with raw, text:
        if text.encoding == "utf-16" or _lines_end_in_cr(raw):
            yield from _text_csv_chunks(path, raw, text)
            return
        header = _csv_header(path, _records(raw))
        while block := _records(raw, BLOCK):
            yield Chunk([], header, block=block), raw.tell()


def _records(raw, size: int = 0) -> bytes:
    """At least `size` bytes (or one line), ending where a CSV record ends: with an even
    number of quote characters, since quotes inside a quoted field come doubled."""
    block = raw.read(size) + raw.readline() if size else raw.readline()
    while block.count(b'"') % 2 and (more := raw.readline()):
        block += more
    return block


def _csv_header(path, first: bytes) -> tuple:
    try:
        text = first.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise _not_utf8(path, error) from None
    return _header(path, csv.reader(io.StringIO(text, newline="")))


def _header(path, reader) -> tuple:
    """The CSV header, checked: readable, present, known columns, none twice."""
    try:
        header = next(reader, None)
    except UnicodeError as error:
        raise _not_utf8(path, error) from None
    except csv.Error as error:
        raise ClaimsError(f"{path}: cannot read the CSV header: {error}") from None
    if not header:
        raise ClaimsError(f"{path} is empty")
    _check_header(path, header)
    return tuple(header)


def _csv_block(block: bytes, width: int) -> list:
    """(relative label, cells) for each record of a block of UTF-8 CSV."""
    text, error = _decoded(block)
    rows = list(_csv_cells(csv.reader(io.StringIO(text, newline="")), width, relative=True))
    if error:
        rows.append((f"row +{len(rows) + 1}", _not_utf8("the file", error)))
    return rows


def _decoded(block: bytes) -> tuple[str, UnicodeDecodeError | None]:
    """A block of UTF-8 as text, up to the line holding its first bad byte (and that error)."""
    try:
        return block.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return block[:block.rfind(b"\n", 0, error.start) + 1].decode("utf-8"), error


def _lines_end_in_cr(raw) -> bool:
    """A file whose lines end in a bare \r (old Mac style): its first line break says so."""
    head = raw.peek(1 << 16)[: 1 << 16]
    first = min((i for i in (head.find(b"\r"), head.find(b"\n")) if i >= 0), default=-1)
    return first >= 0 and head[first:first + 2] != b"\r\n" and head[first:first + 1] == b"\r"


def _text_csv_chunks(path, raw, text):
    """Record by record through the text (UTF-16, or lines that end in \r)."""
    reader = csv.reader(text)
    header = _header(path, reader)
    yield from _in_chunks(_csv_cells(reader, len(header)), raw, header)


def _in_chunks(labelled, raw, header: tuple | None = None) -> Iterator[tuple[Chunk, int]]:
    """(label, row) pairs gathered into chunks of CHUNK rows."""
    rows: list = []
    for item in labelled:
        rows.append(item)
        if len(rows) >= CHUNK:
            yield Chunk(rows, header), raw.tell()
            rows = []
    if rows:
        yield Chunk(rows, header), raw.tell()


def _csv_cells(reader, width: int, relative: bool = False):
    """(label, cells) per row; a row that cannot be read is an exception, and the last
    one when the reader itself cannot go on."""
    number = 0
    while True:
        number += 1
        label = f"row +{number}" if relative else f"row {number}"
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeError as error:
            yield label, _not_utf8("the file", error)
            return
        except csv.Error as error:
            yield label, ClaimsError(f"malformed CSV: {error}")
            return
        if len(cells) != width:
            yield label, ClaimsError(f"{len(cells)} cells where the header has {width}")
            continue
        yield label, cells


def _not_utf8(path, error: UnicodeError) -> ClaimsError:
    where = f" (byte {error.object[error.start]:#04x})" if isinstance(error, UnicodeDecodeError) else ""
    return ClaimsError(f"{path} is not UTF-8 text{where}: save it as UTF-8 (or UTF-16 with a BOM)")


def _check_header(path, header):
    from collections import Counter

    from claims.rules.models import CLAIM_FIELDS

    duplicates = sorted(h for h, n in Counter(header).items() if n > 1)
    if duplicates:
        raise ClaimsError(f"{path}: the CSV header repeats {', '.join(duplicates[:5])}")
    unknown = [h for h in header if h not in CLAIM_FIELDS]
    if unknown:
        more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
        raise ClaimsError(f"{path}: unknown column{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(unknown[:5])}{more} in the CSV header")


def _json_chunks(path):
    raw, text = _open_text(path)
    with raw, text:
        try:
            content = text.read()
        except UnicodeError as error:
            raise _not_utf8(path, error) from None
    if not content.strip():
        raise ClaimsError(f"{path} is empty")
    try:
        data = json.loads(content)
    except RecursionError:
        raise ClaimsError(f"{path}: JSON nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ClaimsError(f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    if not isinstance(data, list):
        raise ClaimsError(f"{path}: expected a JSON array of claims, found {type(data).__name__}")
    for start in range(0, len(data), CHUNK):
        rows = [(f"row {number}", item if isinstance(item, dict) else ClaimsError("not a JSON object"))
                for number, item in enumerate(data[start:start + CHUNK], start + 1)]
        yield Chunk(rows), len(content) * (start + len(rows)) // len(data)


def _jsonl_chunks(path):
    """Blocks of whole lines, read as bytes: the reading process only finds where lines end."""
    raw, text = _open_text(path)
    with raw, text:
        if text.encoding == "utf-16":
            yield from _utf16_jsonl_chunks(path, raw, text)
            return
        line, blank = 1, True
        while block := raw.read(BLOCK):
            block += raw.readline()
            blank = blank and block.isspace()
            yield Chunk([], block=block, first_line=line), raw.tell()
            line += block.count(b"\n")
        if blank:
            raise ClaimsError(f"{path} is empty")


def _utf16_jsonl_chunks(path, raw, text):
    empty = True
    for chunk in _in_chunks(_utf16_lines(text), raw):
        empty = False
        yield chunk
    if empty:
        raise ClaimsError(f"{path} is empty")


def _utf16_lines(text):
    number = 0
    try:
        for number, line in enumerate(text, 1):
            if line.strip():
                yield f"line {number}", line
    except UnicodeError as error:
        yield f"line {number + 1}", _not_utf8("the file", error)


def _lines(block: bytes, first: int) -> list[tuple[str, object]]:
    """The non-blank lines of a block of UTF-8 JSON Lines, labelled with their numbers;
    the lines before a bad byte are read, and the line holding it says what is wrong."""
    text, error = _decoded(block)
    if first == 1:
        text = text.removeprefix("\ufeff")
    rows: list = [(f"line {number}", line) for number, line in enumerate(text.split("\n"), first) if line.strip()]
    if error:
        bad_line = first + text.count("\n")
        rows.append((f"line {bad_line}", _not_utf8("the file", error)))
    return rows


def json_object(line: str) -> dict | Exception:
    try:
        item = json.loads(line)
    except RecursionError:
        return ClaimsError("JSON nested too deeply")
    except json.JSONDecodeError as error:
        return ClaimsError(f"not valid JSON: {error.msg} at column {error.colno}")
    return item if isinstance(item, dict) else ClaimsError("not a JSON object")


def read_input(path: str) -> str:
    """The text of FILE, or of standard input for '-'."""
    import sys

    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ClaimsError(f"file not found: {path}") from None
    except UnicodeDecodeError as error:
        raise ClaimsError(f"{path} is not UTF-8 text (byte {error.object[error.start]:#04x})") from None
    except OSError as error:
        raise ClaimsError(f"cannot read {path}: {error.strerror}") from None
