"""Importing and exporting claims: CSV, a JSON array, or JSON Lines.

Imports are all-or-nothing: every row is read and checked first, bad rows are
listed (the first 20, with the row and the field), and only a clean file is
written, in one transaction. Rows use the keys of `claims list --format json`,
so an export imports back unchanged.
"""

import codecs
import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

from . import store
from .db import now, who, write
from .errors import ClaimsError, ImportErrors
from .figures import FigureError
from .models import ClaimIn, describe_validation

EXTENSIONS = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_PROBLEMS = 20
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


def read_rows(path: str, fmt: str) -> Iterator[tuple[str, dict | Exception, int]]:
    """(label, row, bytes read so far) for each row; a row that cannot be read is an exception."""
    readers = {"csv": _csv_rows, "json": _json_rows, "jsonl": _jsonl_rows}
    return readers[fmt](path)


def _csv_rows(path):
    raw, text = _open_text(path)
    with raw, text:
        reader = csv.reader(text)
        try:
            header = next(reader, None)
        except UnicodeError as error:
            raise _not_utf8(path, error) from None
        except csv.Error as error:
            raise ClaimsError(f"{path}: cannot read the CSV header: {error}") from None
        if not header:
            raise ClaimsError(f"{path} is empty")
        _check_header(path, header)
        number = 0
        while True:
            number += 1
            label = f"row {number}"
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeError as error:
                yield label, _not_utf8("the file", error), raw.tell()
                return
            except csv.Error as error:
                yield label, ClaimsError(f"malformed CSV: {error}"), raw.tell()
                return
            if len(cells) != len(header):
                yield label, ClaimsError(f"{len(cells)} cells where the header has {len(header)}"), raw.tell()
                continue
            yield label, {k: _unneutralise(v) for k, v in zip(header, cells) if v != ""}, raw.tell()


def _not_utf8(path, error: UnicodeError) -> ClaimsError:
    where = f" (byte {error.object[error.start]:#04x})" if isinstance(error, UnicodeDecodeError) else ""
    return ClaimsError(f"{path} is not UTF-8 text{where}: save it as UTF-8 (or UTF-16 with a BOM)")


def _check_header(path, header):
    from collections import Counter

    from .models import ClaimIn

    duplicates = sorted(h for h, n in Counter(header).items() if n > 1)
    if duplicates:
        raise ClaimsError(f"{path}: the CSV header repeats {', '.join(duplicates[:5])}")
    unknown = [h for h in header if h not in ClaimIn.model_fields]
    if unknown:
        more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
        raise ClaimsError(f"{path}: unknown column{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(unknown[:5])}{more} in the CSV header")


def _unneutralise(cell: str) -> str:
    """Undo the export's guard against spreadsheet formulas: "'=x" -> "=x"."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def _json_rows(path):
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
    size = len(content)
    for number, item in enumerate(data, 1):
        row = item if isinstance(item, dict) else ClaimsError("not a JSON object")
        yield f"row {number}", row, size * number // len(data)


def _jsonl_rows(path):
    raw, text = _open_text(path)
    seen_any = False
    with raw, text:
        number = 0
        while True:
            number += 1
            try:
                line = text.readline()
            except UnicodeError as error:
                yield f"line {number}", _not_utf8("the file", error), raw.tell()
                return
            if not line:
                break
            if not line.strip():
                continue
            seen_any = True
            yield f"line {number}", _json_object(line), raw.tell()
    if not seen_any:
        raise ClaimsError(f"{path} is empty")


def _json_object(line: str) -> dict | Exception:
    try:
        item = json.loads(line)
    except RecursionError:
        return ClaimsError("JSON nested too deeply")
    except json.JSONDecodeError as error:
        return ClaimsError(f"not valid JSON: {error.msg} at column {error.colno}")
    return item if isinstance(item, dict) else ClaimsError("not a JSON object")


def check_row(label: str, row: dict | Exception):
    """A row validated into (claim, figure), or a message naming the row and field."""
    if isinstance(row, Exception):
        return f"{label}: {row}"
    nul = next((k for k, v in row.items() if isinstance(v, str) and "\x00" in v), None)
    if nul is not None:
        return f"{label}: field {nul}: contains a NUL byte"
    try:
        claim = ClaimIn.model_validate(row)
        return claim, store.figure_of(claim)
    except ValidationError as error:
        return f"{label}: {describe_validation(error)}"
    except FigureError as error:
        return f"{label}: field figure: {error}"
    except ClaimsError as error:
        return f"{label}: {error}"


def import_claims(db, path: str, fmt: str | None = None, progress: Progress | None = None,
                  strict_sources: bool = True) -> dict:
    """Import a file of claims, all or nothing. Returns counts of what was written."""
    fmt = detect_format(path, fmt)
    total = _size(path)
    return _import(db, read_rows(path, fmt), str(path), fmt, strict_sources, progress=progress, total=total)


def import_rows(db, rows: list[dict], name: str, auto_created: bool = True) -> dict:
    """Store rows already in memory (extracted candidates), all or nothing; new sources are
    marked auto-created, known ones are used as they are."""
    labelled = ((f"candidate {n}", row, 0) for n, row in enumerate(rows, 1))
    return _import(db, labelled, name, "extract", strict_sources=False, auto_created=auto_created)


def _import(db, rows, name: str, fmt: str, strict_sources: bool, progress: Progress | None = None,
            total: int = 0, auto_created: bool = False) -> dict:
    problems: list[str] = []
    bad = 0
    # a big import touches every index page many times: give SQLite room to keep them
    db.execute("PRAGMA cache_size = -131072")
    with write(db):
        batch = _start_batch(db, name, fmt)
        state = _ImportState(db, batch, strict_sources, auto_created)
        for number, (label, row, position) in enumerate(rows, 1):
            checked = check_row(label, row)
            problem = checked if isinstance(checked, str) else state.add(label, *checked)
            if problem:
                bad += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(problem)
            if progress and number % 1000 == 0:
                progress(min(position, total), total)
        state.flush()
        bad += len(state.problems)
        problems += state.problems[: max(0, MAX_PROBLEMS - len(problems))]
        if bad:
            raise ImportErrors(problems, bad)
        if not state.seen:
            raise ClaimsError(f"{name} holds no claims")
        counts = state.counts()
        _finish_batch(db, batch, counts["imported"], name)
        if progress:
            progress(total, total)
    return counts


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        raise ClaimsError(f"file not found: {path}") from None


def _start_batch(db, path: str, fmt: str) -> int:
    cursor = db.execute("INSERT INTO imports (file, format, rows, at, who) VALUES (?, ?, 0, ?, ?)",
                        [str(path), fmt, now(), who()])
    return cursor.lastrowid


def _finish_batch(db, batch: int, imported: int, path: str) -> None:
    # a re-import that changed nothing leaves no trace, not even an empty batch
    if imported:
        db.execute("UPDATE imports SET rows = ? WHERE id = ?", [imported, batch])
        store.record(db, "import", batch, "import", new=f"{imported} claims from {path}")
    else:
        db.execute("DELETE FROM imports WHERE id = ?", [batch])


class _ImportState:
    """What an import has seen so far: sources, topics and ids, and rows to write."""

    CHUNK = 5000

    def __init__(self, db, batch: int, strict_sources: bool, auto_created: bool = False):
        self.db, self.batch, self.strict_sources = db, batch, strict_sources
        self.auto_created = auto_created
        self.stamp = now()
        self.sources: dict = {}
        self.topics: dict = {}
        self.ids: set = set()
        self.pending: list = []  # (label, row) waiting for one bulk write
        self.problems: list = []  # found when a chunk is written
        self.seen = 0
        self.imported = self.unchanged = self.sources_created = self.topics_created = 0

    def add(self, label: str, claim: ClaimIn, figure) -> str | None:
        self.seen += 1
        try:
            source_id = self._source(claim)
            topic = self._topic(claim, figure)
        except ClaimsError as error:
            return f"{label}: {error}"
        row = store.claim_columns(claim, figure, topic["id"], source_id, self.stamp)
        if row["id"] in self.ids:
            return f"{label}: field id: {row['id']} appears twice in the file"
        self.ids.add(row["id"])
        row["import_id"] = self.batch
        self.pending.append((label, row))
        if len(self.pending) >= self.CHUNK:
            self.flush()
        return None

    def _source(self, claim: ClaimIn) -> int:
        if not self.strict_sources:
            existing = self.sources.get(claim.source.lower()) or store.find_source(self.db, claim.source)
            if existing:
                self.sources[claim.source.lower()] = existing
                return existing["id"]
        source_id, created = store.resolve_source(self.db, claim, self.sources, self.auto_created)
        self.sources_created += created
        return source_id

    def _topic(self, claim: ClaimIn, figure) -> dict:
        known = claim.topic in self.topics or store.find_topic(self.db, claim.topic)
        topic = store.ensure_topic(self.db, claim.topic, figure, self.topics)
        self.topics_created += not known
        return topic

    def flush(self) -> None:
        """Write the pending rows in one executemany; rows already stored are compared, not written."""
        if not self.pending:
            return
        existing = self._existing_ids([row["id"] for _, row in self.pending])
        fresh = []
        for label, row in self.pending:
            if row["id"] in existing:
                self._compare_existing(label, row)
            else:
                fresh.append(row)
        self.db.conn.executemany(store.INSERT_CLAIM, fresh)
        self.imported += len(fresh)
        self.pending = []

    def _existing_ids(self, ids: list[str]) -> set:
        found = self.db.execute(
            "SELECT id FROM claims WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
        return {r[0] for r in found}

    def _compare_existing(self, label: str, row: dict) -> None:
        """Re-importing a claim that is already here, unchanged, is not an error."""
        old = next(self.db.query("SELECT * FROM claims WHERE id = ?", [row["id"]]))
        skip = ("created", "updated", "import_id")
        differs = [k for k, v in row.items() if k not in skip and old.get(k) != v]
        if differs:
            self.problems.append(f"{label}: field id: claim {row['id']} already exists with a different {differs[0]}")
        else:
            self.unchanged += 1

    def counts(self) -> dict:
        return {"imported": self.imported, "unchanged": self.unchanged,
                "sources_created": self.sources_created, "topics_created": self.topics_created}


def export_rows(db, **filters) -> list[dict]:
    """Every live claim, in the order recorded, with the keys imports read."""
    return store.list_claims(db, **filters)
