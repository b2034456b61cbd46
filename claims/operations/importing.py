"""Importing: storing many claims at once, all or nothing, at the speed of the disk.

Chunks of rows are validated together in pydantic's core, each claim's figure is
read and its own columns computed; for a big file that work runs in worker
processes while this one writes. Sources and topics are resolved once per name,
rows are written with one executemany per chunk, and an import into an empty
table sets the secondary indexes aside and rebuilds them at the end. It all
happens in one transaction: any bad row, a crash or Ctrl-C leaves the database
exactly as it was.
"""

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import NamedTuple

from pydantic import ValidationError

from claims.basics.collector import paused
from claims.basics.dates import now
from claims.basics.errors import ClaimsError, ImportErrors
from claims.figures.reading import FigureError
from claims.figures.units import Measure
from claims.operations import recording
from claims.readers import BYTES_PER_ROW, CHUNK, Chunk, Progress, detect_format, json_object, read_chunks, rows_of
from claims.rules import claim as claim_rules
from claims.rules.claim import future_problem, is_negative, latest_date, negative_problem
from claims.rules.models import describe_validation, validate_claim, validate_claims
from claims.storage import queries, store
from claims.storage.db import bulk_writing, interruptible, write

MAX_PROBLEMS = 20  # problems listed; all of them are counted
BIG_IMPORT = 50_000  # rows (guessed from the file's size) that make an import big


class Checked(NamedTuple):
    """A validated chunk, column by column. For each good row: its label, what the import
    still resolves against the database (source as given, topic, measure), and its own
    columns (claim_rules.OWN_COLUMNS) as a tuple. Problems are (position in chunk, message).
    `negatives` are the good rows (by index) whose figure is below zero, which only a topic
    of kind change may hold; `evidence` is (index, URLs) for rows that carry evidence."""

    labels: list
    sources: list
    topics: list
    measures: list
    values: list
    positions: list
    problems: list
    read: int
    relative: bool = False  # labels count from the chunk's start ("row +3"): CSV blocks
    negatives: list = []
    evidence: list = []


def check_chunk(chunk: Chunk, stamp: str, latest: str | None = None) -> Checked:
    """Validate a chunk's rows together. Pure (no database), so it can run in a worker.

    The fast path validates the whole chunk in one call into pydantic's core; a chunk
    with any problem is gone through again row by row, so that each problem names
    its row and field.
    """
    rows = rows_of(chunk)
    claims = _validate_together(rows)
    if claims is None:
        claims = [_validate_one(label, row) for label, row in rows]
    out = Checked([], [], [], [], [], [], [], len(rows), chunk.block is not None and chunk.header is not None, [], [])
    for position, ((label, _), claim) in enumerate(zip(rows, claims)):
        if isinstance(claim, dict):
            claim = _add_checked(out, label, claim, stamp, position, latest)
        if isinstance(claim, str):
            out.problems.append((position, claim))
    return out


def _validate_together(rows) -> list | None:
    payloads = [row for _, row in rows]
    try:
        if all(isinstance(p, str) for p in payloads):
            text = "[" + ",".join(payloads) + "]"
            # an escaped NUL would slip past the check that a dict's texts get
            return None if "\\u0000" in text else validate_claims(text, json_text=True)
        if all(isinstance(p, dict) and not _nul_field(p) for p in payloads):
            return validate_claims(payloads)
    except (ValidationError, ValueError):
        return None
    return None


def _nul_field(row: dict) -> str | None:
    return next((k for k, v in row.items() if isinstance(v, str) and "\x00" in v), None)


def _validate_one(label: str, row) -> dict | str:
    """One row validated on its own: the claim, or a problem naming the row and field."""
    if isinstance(row, str):
        row = json_object(row)
    if isinstance(row, Exception):
        return f"{label}: {row}"
    nul = _nul_field(row)
    if nul is not None:
        return f"{label}: field {nul}: contains a NUL byte"
    try:
        return validate_claim(row)
    except ValidationError as error:
        return f"{label}: {describe_validation(error)}"
    except ValueError as error:
        return f"{label}: {error}"


def _add_checked(out: Checked, label: str, claim: dict, stamp: str, position: int,
                 latest: str | None = None) -> str | None:
    """Read the claim's figure and append its columns to `out`; a problem is returned."""
    try:
        figure = claim_rules.figure_of(claim)
    except FigureError as error:
        return f"{label}: field figure: {error}"
    except ClaimsError as error:
        return f"{label}: {error}"
    if problem := future_problem(claim, latest):
        return f"{label}: {problem}"
    if is_negative(figure):
        out.negatives.append(len(out.labels))
    if claim.get("evidence"):
        out.evidence.append((len(out.labels), claim["evidence"]))
    out.labels.append(label)
    out.sources.append((claim["source"], claim["source_type"], claim["side"], claim["reliability"]))
    out.topics.append(claim["topic"])
    out.measures.append(figure.measure if figure else None)
    out.values.append(claim_rules.own_values(claim, figure, stamp))
    out.positions.append(position)
    return None


def default_workers(size: int) -> int:
    """Worker processes for a file of `size` bytes: one per core (up to 4) for a big file.

    Forking is cheap only on Linux, and a small file is done before workers would start."""
    cores = os.cpu_count() or 1
    if size < 2_000_000 or cores < 2 or not sys.platform.startswith("linux"):
        return 0
    return min(cores, 4)


class Options(NamedTuple):
    """What an import may do beyond storing well-formed claims."""

    strict_sources: bool = True  # a source named without its type is an error (extract: used as known)
    auto_created: bool = False  # new sources are marked as suggested by `claims extract`
    allow_future: bool = False  # claims dated after tomorrow are kept
    new_topics: bool = False  # a topic key one typo away from a known one is created as written
    new_sources: bool = False  # the same for source names
    allow_duplicates: bool = False  # a row equal to a stored claim (queries.SAME_CLAIM) is added, not skipped


DEFAULTS = Options()


def store_chunks(db, chunks: Iterable[tuple[Chunk, int]], name: str, fmt: str, options: Options = DEFAULTS,
                 progress: Progress | None = None, total: int = 0, workers: int = 0, big: bool = False) -> dict:
    """Validate and store every chunk, all or nothing; returns counts of what was written, and
    the names of the topics and sources it created."""
    stamp = now()
    latest = None if options.allow_future else latest_date()
    with bulk_writing(db, big), paused(), interruptible(db), write(db):  # workers fork inside: they inherit the pause
        state = _Import(db, name, fmt, options)
        with db.indexes_set_aside(big and state.table_was_empty):
            for checked, position in _checked_chunks(chunks, stamp, latest, workers):
                state.add(checked)
                if progress:
                    progress(min(position, total), total)
            state.finish()
        if progress:
            progress(total, total)
    return state.counts()


def _checked_chunks(chunks: Iterable, stamp: str, latest: str | None, workers: int) -> Iterator[tuple[Checked, int]]:
    """Checked chunks in file order: here, or in worker processes while this one writes."""
    if workers < 1:
        for chunk, position in chunks:
            yield check_chunk(chunk, stamp, latest), position
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
    pending: deque = deque()
    try:
        for chunk, position in chunks:
            pending.append((pool.submit(check_chunk, chunk, stamp, latest), position))
            if len(pending) > 2 * workers:  # a few chunks ahead, never the whole file
                future, at = pending.popleft()
                yield future.result(), at
        while pending:
            future, at = pending.popleft()
            yield future.result(), at
    except BaseException:
        # a failure or Ctrl-C: stop now, without waiting for the chunks the workers hold
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _start_worker(parent: int) -> None:
    """Ctrl-C reaches every process of the terminal's group: the importing process stops
    the import (and these workers) and rolls back, and a worker says nothing. If the
    importing process dies outright (killed, out of memory), the kernel ends its workers
    too: they would otherwise wait for work forever, since each holds its own copy of
    the pipe that feeds them."""
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers are only used on Linux anyway
        pass
    if os.getppid() != parent:  # the parent died before the request took hold
        os._exit(1)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# where, in a row as written (RESOLVED_COLUMNS + OWN_COLUMNS), its id and the columns that
# tell whether it is already stored are
_WRITTEN = claim_rules.RESOLVED_COLUMNS + claim_rules.OWN_COLUMNS
ID_AT = _WRITTEN.index("id")
SAME_AT = tuple(_WRITTEN.index(name) for name, _ in store.SAME_CLAIM)


def _in_place(message: str, offset: int) -> str:
    """'row +3: ...' of a chunk that starts after `offset` rows, as 'row 1003: ...'."""
    head, _, rest = message.partition(": ")
    return f"row {offset + int(head.removeprefix('row +'))}: {rest}" if head.startswith("row +") else message


class _Import:
    """One import in progress: its batch row, the sources, topics and ids seen, problems."""

    def __init__(self, db, name: str, fmt: str, options: Options):
        self.db, self.name, self.options = db, name, options
        self.batch = store.start_import(db, name, fmt)
        self.table_was_empty = not queries.has_claims(db)
        self.before = queries.sources_and_topics(db)
        self.sources: dict = {}  # lower-case name -> source row, as recording.resolve_source keeps it
        self.source_ids: dict = {}  # (name, type, side, reliability) as given -> source id, once checked
        self.topics: dict = {}  # key -> topic row, as recording.ensure_topic keeps it
        self.topic_ids: dict = {}  # (key, measure) -> topic id, once checked
        self.problems: list = []
        self.bad = self.read = self.good = self.imported = self.unchanged = self.duplicates = 0
        self.skipped: set = set()  # ids of a chunk's rows skipped as equal to stored claims
        self.created: list = []  # ("topic", key) and ("source", name), in the order made
        self.names = {}  # "topic" / "source" -> NearIndex of the names known before the import

    def add(self, checked: Checked) -> None:
        """Resolve a checked chunk's sources and topics, and write its rows."""
        offset = self.read
        self.read += checked.read
        self.skipped = set()
        problems = list(checked.problems)
        # a chunk's ids are looked up all at once; only a name not met before costs a query
        source_ids = list(map(self.source_ids.get, checked.sources))
        topic_keys = list(zip(checked.topics, checked.measures))
        topic_ids = list(map(self.topic_ids.get, topic_keys))
        failed = set()
        if None in source_ids or None in topic_ids:
            failed = self._resolve(checked, source_ids, topic_keys, topic_ids, problems)
        if checked.negatives:
            failed |= self._signs(checked, topic_keys, failed, problems)
        heads = zip(topic_ids, source_ids, repeat(self.batch))
        rows = list(map(tuple.__add__, heads, checked.values))
        labels = list(zip(checked.positions, checked.labels))
        if failed:
            rows = [row for i, row in enumerate(rows) if i not in failed]
            labels = [label for i, label in enumerate(labels) if i not in failed]
        self.good += len(rows)
        problems += self._write(rows, labels)
        if checked.evidence and not problems and not self.bad:  # not for rows skipped as present
            self._evidence(checked, failed)
        for _, message in sorted(problems):
            self._problem(_in_place(message, offset) if checked.relative else message)

    def _resolve(self, checked: Checked, source_ids: list, topic_keys: list, topic_ids: list,
                 problems: list) -> set:
        """Fill in the ids of sources and topics not met before; the rows that fail are returned."""
        self._new_topics(checked)
        self._new_sources(checked)
        failed = set()
        for i, given in enumerate(checked.sources):
            try:
                if source_ids[i] is None:
                    source_ids[i] = self.source_ids.get(given) or self._source(given)
                if topic_ids[i] is None:
                    topic_ids[i] = self.topic_ids.get(topic_keys[i]) or self._topic(*topic_keys[i])
            except ClaimsError as error:
                problems.append((checked.positions[i], f"{checked.labels[i]}: {error}"))
                failed.add(i)
        return failed

    def _new_topics(self, checked: Checked) -> None:
        """The chunk's topics not met before, looked up at once and the new ones created at
        once, each from its first figure; a key one typo from a known one is left for the
        row by row path, which names the row."""
        first = {}
        for key, measure in zip(checked.topics, checked.measures):
            if key not in self.topics and key not in first:
                first[key] = measure
        if not first:
            return
        self.topics.update(queries.topics_by_key(self.db, list(first)))
        new = [(key, measure) for key, measure in first.items() if key not in self.topics
               and (self.options.new_topics or not self._names("topic").near(key))]
        if new:
            made = recording.add_topics(self.db, [(key, m.unit if m else None) for key, m in new],
                                    why="created with its first claim")
            self.topics.update((topic["key"], topic) for topic in made)
            self.created.extend(("topic", key) for key, _ in new)

    def _new_sources(self, checked: Checked) -> None:
        """The chunk's sources not met before, looked up at once and the new ones created at
        once; a name without a type, or one typo from a known one, is left for the row by
        row path, which names the row."""
        first = {}
        for given in checked.sources:
            lower = given[0].lower()
            if lower not in self.sources and lower not in first:
                first[lower] = given
        if not first:
            return
        self.sources.update(queries.sources_by_name(self.db, [given[0] for given in first.values()]))
        specs = [self._source_spec(given) for lower, given in first.items() if lower not in self.sources]
        specs = [spec for spec in specs if spec is not None]
        if specs:
            why = "suggested by claims extract" if self.options.auto_created else "created with a claim"
            for source in store.add_sources(self.db, specs, self.options.auto_created, why):
                self.sources[source["name"].lower()] = source
                self.created.append(("source", source["name"]))

    def _source_spec(self, given: tuple):
        """A new source as given with a claim, validated; None if it cannot be made at once."""
        from claims.rules.models import SourceIn

        name, source_type, side, reliability = given
        if not source_type or (not self.options.new_sources and self._names("source").near(name)):
            return None
        try:
            return SourceIn(name=name, type=source_type, side=side, reliability=reliability or "F").model_dump()
        except ValidationError:
            return None

    def _signs(self, checked: Checked, topic_keys: list, failed: set, problems: list) -> set:
        """Rows below zero, which only a share or a topic of kind change may hold."""
        wrong = set()
        for i in checked.negatives:
            if i in failed:
                continue
            shown = checked.values[i][2] or claim_rules.tidy(checked.values[i][3])  # as written, else its value
            topic = self.topics[topic_keys[i][0]]
            if problem := negative_problem(checked.measures[i].dimension, shown, topic["kind"], topic["key"]):
                problems.append((checked.positions[i], f"{checked.labels[i]}: {problem}"))
                wrong.add(i)
        return wrong

    def _evidence(self, checked: Checked, failed: set) -> None:
        """Evidence given with a claim is kept as its verifications keep it: in its history."""
        for i, urls in checked.evidence:
            if i not in failed and checked.values[i][0] not in self.skipped:
                store.record(self.db, "claim", checked.values[i][0], "evidence", "evidence",
                             why=f"imported with the claim from {self.name}", evidence=urls)

    def _problem(self, message: str) -> None:
        self.bad += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    def _source(self, given: tuple) -> int:
        name, source_type, side, reliability = given
        existing = None if self.options.strict_sources else (
            self.sources.get(name.lower()) or queries.find_source(self.db, name))
        if existing:
            self.sources[name.lower()] = existing
            source_id = existing["id"]
        else:
            claim = {"source": name, "source_type": source_type, "side": side, "reliability": reliability}
            source_id, created = recording.resolve_source(self.db, claim, self.sources, self.options.auto_created,
                                                      new=self.options.new_sources, names=self._names("source"))
            if created:
                self.created.append(("source", name))
        self.source_ids[given] = source_id
        return source_id

    def _topic(self, key: str, measure: Measure | None) -> int:
        known = key in self.topics or queries.find_topic(self.db, key) is not None
        topic = recording.ensure_topic(self.db, key, measure, self.topics, new=self.options.new_topics,
                                   names=None if known else self._names("topic"))
        if not known:
            self.created.append(("topic", key))
        self.topic_ids[(key, measure)] = topic["id"]
        return topic["id"]

    def _names(self, what: str):
        """The names known before the import, indexed once for typo checks (none: an empty table)."""
        if what not in self.names:
            from claims.basics.near import NearIndex

            self.names[what] = queries.topic_names(self.db) if what == "topic" else queries.source_names(self.db) \
                if self.before[0 if what == "source" else 1] else NearIndex(())
        return self.names[what]

    def _write(self, rows: list[tuple], labels: list[tuple]) -> list[tuple]:
        """One executemany for the new rows. Ids given twice, or stored already, are sorted
        out by asking the database, which holds this import's earlier chunks too: a set of
        every id read grew with the file (about 100 MB a million rows)."""
        ids = [row[ID_AT] for row in rows]
        stored = queries.stored_imports(self.db, ids) if self._ask_first else {}
        problems = []
        if stored or len(set(ids)) != len(ids):
            rows, labels, problems = self._sort_out(rows, labels, stored)
        if not self.options.allow_duplicates and not self.table_was_empty and rows:
            rows, labels = self._drop_present(rows, labels)
        # rows are written even after a bad one (the import is rolled back at the end) so
        # that an id a later chunk repeats is still found
        if not self._insert(rows):
            rows, labels, problems = self._sort_out(rows, labels, queries.stored_imports(self.db, ids))
            self._insert(rows)
        self.imported += len(rows)
        return problems

    @property
    def _ask_first(self) -> bool:
        """Whether ids are looked up before writing. Into an empty SQLite table they are not:
        the only ids stored are this import's, and the table's own key finds a repeat."""
        return not self.table_was_empty or not store.finds_taken_ids(self.db)

    def _insert(self, rows: list[tuple]) -> bool:
        """Write rows; False (and nothing written) if one's id is stored already, which only
        an earlier chunk of this file can have done when no id was looked up first."""
        if self._ask_first:
            store.insert_claims(self.db, rows)
            return True
        return store.insert_claims_unless_taken(self.db, rows)

    def _drop_present(self, rows: list[tuple], labels: list[tuple]) -> tuple[list, list]:
        """Rows equal to a claim stored before this import (same topic, source, figure,
        dates and quote) are already present: skipped and counted, so that importing a
        file again does not double it. Rows repeated within the file are all kept."""
        given = [(i, *(row[j] for j in SAME_AT)) for i, row in enumerate(rows)]
        found = store.present(self.db, given, self.batch)
        self.duplicates += len(found)
        self.skipped = {rows[i][ID_AT] for i in found}
        if not found:
            return rows, labels
        kept = [i for i in range(len(rows)) if i not in found]
        return [rows[i] for i in kept], [labels[i] for i in kept]

    def _sort_out(self, rows, labels, stored: dict) -> tuple[list, list, list]:
        """Rows whose id the file gave before (in this chunk, or stored by this import) are
        problems; those stored before the import are unchanged, or problems if they differ."""
        kept, kept_labels, problems, seen = [], [], [], set()
        for row, (position, label) in zip(rows, labels):
            claim_id = row[ID_AT]
            if claim_id in seen or (claim_id in stored and stored[claim_id] == self.batch):
                problems.append((position, f"{label}: field id: {claim_id} appears twice in the file"))
            elif claim_id in stored:
                problem = self._compare_stored(label, row)
                if problem:
                    problems.append((position, problem))
                else:
                    self.unchanged += 1
            else:
                kept.append(row)
                kept_labels.append((position, label))
            seen.add(claim_id)
        return kept, kept_labels, problems

    def _compare_stored(self, label: str, values: tuple) -> str | None:
        """Re-importing a claim that is already here, unchanged, is not an error."""
        row = dict(zip(claim_rules.RESOLVED_COLUMNS + claim_rules.OWN_COLUMNS, values))
        old = queries.claim_columns_of(self.db, row["id"])
        skip = ("created", "updated", "import_id")
        differs = [k for k, v in row.items() if k not in skip and old.get(k) != v]
        if differs:
            return f"{label}: field id: claim {row['id']} already exists with a different {differs[0]}"
        return None

    def finish(self) -> None:
        if self.bad:
            raise ImportErrors(self.problems, self.bad)
        if not self.good:
            raise ClaimsError(f"{self.name} holds no claims")
        # a re-import that changed nothing leaves no trace, not even an empty batch
        if self.imported:
            store.finish_import(self.db, self.batch, self.imported, self.name)
        else:
            store.drop_import(self.db, self.batch)

    def counts(self) -> dict:
        (sources, topics), (sources_before, topics_before) = queries.sources_and_topics(self.db), self.before
        return {"imported": self.imported, "unchanged": self.unchanged, "duplicates": self.duplicates,
                "sources_created": sources - sources_before, "topics_created": topics - topics_before,
                "created": self.created}


def import_claims(db, path: str, fmt: str | None = None, progress: Progress | None = None,
                  workers: int | None = None, **options) -> dict:
    """Import a file of claims, all or nothing. Returns counts of what was written.

    A big file is validated in worker processes while this one writes (`workers`:
    how many; by default one per core for a big file, none for a small one). `options`
    are those of `bulk.Options` (allow_future, new_topics, new_sources, strict_sources).
    `path` "-": the claims come on standard input, in the format `fmt` names."""
    if path == "-":
        return _import_standard_input(db, fmt, progress, workers, **options)
    return _import_file(db, path, str(path), detect_format(path, fmt), progress, workers, **options)


def _import_file(db, path, name: str, fmt: str, progress, workers, **options) -> dict:
    total = _size(path)
    chunks = read_chunks(path, fmt)
    return store_chunks(db, chunks, name, fmt, Options(**options), progress=progress,
                        total=total, workers=default_workers(total) if workers is None else workers,
                        big=total // BYTES_PER_ROW >= BIG_IMPORT)


def _import_standard_input(db, fmt: str | None, progress, workers, **options) -> dict:
    """Claims piped in (`claims export ... | claims import - -f jsonl`): kept in a temporary
    file first, since the reading (and the workers of a big import) need one; the import is
    recorded as from "standard input"."""
    import shutil
    import tempfile
    from pathlib import Path

    if fmt is None:
        raise ClaimsError("give --format (csv, json or jsonl) to import from standard input")
    with tempfile.TemporaryDirectory() as folder:
        spool = Path(folder) / f"input.{fmt}"
        with open(spool, "wb") as copy:
            shutil.copyfileobj(sys.stdin.buffer, copy)
        return _import_file(db, spool, "standard input", fmt, progress, workers, **options)


def import_rows(db, rows: list[dict], name: str, labels: list[str] | None = None, **options) -> dict:
    """Store rows already in memory (extracted candidates), all or nothing; new sources are
    marked auto-created, known ones are used as they are. `labels` name the rows in messages
    as the person saw them ("candidate 5"); by default their positions here."""
    labels = labels or [f"candidate {n}" for n in range(1, len(rows) + 1)]
    labelled = list(zip(labels, rows))
    chunks = ((Chunk(labelled[i:i + CHUNK]), 0) for i in range(0, len(labelled), CHUNK))
    options = {"strict_sources": False, "auto_created": True, **options}
    return store_chunks(db, chunks, name, "extract", Options(**options))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        raise ClaimsError(f"file not found: {path}") from None
