"""Evidence kept: the pages claims cite (their url, and the evidence their verifications
cited), fetched and stored as WARC files (warcio) beside the database, each with the
address asked for, the final address after redirects, the HTTP status, the time and the
SHA-256 of the body; and those files checked again later.

A fetch has a timeout (for the whole page, not only for each read), a size limit (a larger
page is not kept, and says so) and a bound on how many run at once. Each snapshot is
recorded as soon as it is written (the file first, renamed into place whole, then its row):
a run killed part-way keeps every snapshot it recorded, and the next run fetches only the
addresses that still have none kept. A page that answered 404 is recorded, and tried again
next time.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
import uuid
from pathlib import Path
from typing import NamedTuple

from claims.basics.dates import now
from claims.basics.errors import ClaimsError
from claims.storage import queries, store

TIMEOUT = 20.0  # seconds for one page, whole
LIMIT = 20_000_000  # bytes: a larger page is not kept
PARALLEL = 4  # fetches at once
CHUNK = 65_536


class Settings(NamedTuple):
    folder: Path  # where the WARC files go
    timeout: float = TIMEOUT
    limit: int = LIMIT
    parallel: int = PARALLEL
    allow_local: bool = False  # fetch loopback and private addresses too (a claim's address is untrusted text)


def folder_for(database_path: str) -> Path:
    """The snapshots' folder beside a database file: `claims.db` keeps them in `claims.db.archive/`."""
    return Path(str(database_path) + ".archive")


def targets(db, ids: list[str] | None = None, topic: str | None = None) -> dict:
    """web address -> the claims citing it: of these claims, of a topic, or (neither) of all."""
    if ids:
        return queries.cited_links(db, claim_ids=[queries.resolve_id(db, i) for i in ids])
    if topic:
        return queries.cited_links(db, topic_id=queries.get_topic(db, topic)["id"])
    return queries.cited_links(db)


def archive(db, links: dict, settings: Settings, progress=None, counts: dict | None = None) -> dict:
    """Fetch and keep every address in `links` (web address -> claims) that has no kept
    snapshot yet. Counts: kept, failed (with why), skipped (kept before); kept up to date in
    `counts` as the run goes, so that a caller stopped by Ctrl-C can say what was kept."""
    _check(settings)
    kept_before = queries.kept_snapshots(db, list(links)) if links else {}
    todo = [url for url in links if url not in kept_before]
    counts = counts if counts is not None else {}
    counts.update(kept=0, failed=[], skipped=len(links) - len(todo))
    if not todo:
        return counts
    settings.folder.mkdir(parents=True, exist_ok=True)
    for done, snapshot in enumerate(_fetched(todo, settings), 1):
        store.add_snapshot(db, snapshot, links[snapshot["url"]])
        if snapshot["error"] or snapshot["status"] >= 400:
            counts["failed"].append((snapshot["url"], snapshot["error"] or f"HTTP status {snapshot['status']}"))
        else:
            counts["kept"] += 1
        if progress is not None:
            progress(done, len(todo))
    return counts


def _check(settings: Settings) -> None:
    if settings.timeout <= 0:
        raise ClaimsError(f"invalid --timeout {settings.timeout}: give seconds, more than 0")
    if settings.limit <= 0:
        raise ClaimsError(f"invalid --max-size {settings.limit}: give bytes, more than 0")
    if not 1 <= settings.parallel <= 64:
        raise ClaimsError(f"invalid --parallel {settings.parallel}: give 1 to 64")


def _fetched(urls: list[str], settings: Settings):
    """Snapshots as they complete, fetched by at most `parallel` threads. The threads are
    daemons: a Ctrl-C stops the run at once, and whatever is in flight is fetched again
    next time."""
    jobs: queue.Queue = queue.Queue()
    results: queue.Queue = queue.Queue()
    for url in urls:
        jobs.put(url)

    def work():
        while True:
            try:
                url = jobs.get_nowait()
            except queue.Empty:
                return
            results.put(snapshot_of(url, settings))

    for _ in range(min(settings.parallel, len(urls))):
        threading.Thread(target=work, daemon=True).start()
    for _ in urls:
        while True:
            try:
                yield results.get(timeout=0.2)  # a short wait, so that Ctrl-C is heard
                break
            except queue.Empty:
                continue


# ---------------------------------------------------------------- one page

class Fetched(NamedTuple):
    final_url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


def snapshot_of(url: str, settings: Settings) -> dict:
    """One address fetched and, if it answered, written as a WARC file: the snapshot's row."""
    fetched_at = now()
    try:
        page = fetch(url, settings.timeout, settings.limit, settings.allow_local)
    except FetchError as error:
        return _row(url, None, None, fetched_at, None, None, None, str(error))
    digest = hashlib.sha256(page.body).hexdigest()
    # a name of its own for every fetch: the same page fetched twice in one second is two files
    name = f"{fetched_at.replace(':', '').replace('-', '')}-{digest[:16]}-{uuid.uuid4().hex[:8]}.warc.gz"
    file_digest = write_warc(settings.folder / name, url, page, fetched_at)
    return {**_row(url, page.final_url, page.status, fetched_at, len(page.body), digest, name, None),
            "file_sha256": file_digest}


def _row(url, final_url, status, fetched_at, size, sha256, file, error) -> dict:
    return {"url": url, "final_url": final_url, "status": status, "fetched_at": fetched_at, "size": size,
            "sha256": sha256, "file": file, "file_sha256": None, "error": error}


class FetchError(Exception):
    """A page that could not be had: no answer, too slow, too large."""


def fetch(url: str, timeout: float, limit: int, allow_local: bool = False) -> Fetched:
    """The page as the server gives it (after redirects): status, headers, body. An HTTP
    error status (404) is an answer, not a failure. The address, and every address it
    redirects to, must be a web address and (unless `allow_local`) a public one: an address
    in a claim is untrusted text, and must not make this machine fetch from its own network."""
    import http.client
    import urllib.error
    import urllib.request

    check_address(url, allow_local)

    class Guarded(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            check_address(newurl, allow_local)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    request = urllib.request.Request(url, headers={"User-Agent": "claims (evidence archive)"})
    deadline = time.monotonic() + timeout
    try:
        response = urllib.request.build_opener(Guarded).open(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        response = error
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
        raise FetchError(_reason(error)) from None
    with response:
        body = _read(response, limit, deadline)
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "transfer-encoding"]
        return Fetched(response.geturl(), response.status, response.reason or "", headers, body)


def check_address(url: str, allow_local: bool) -> None:
    """Refuse (FetchError) what is not a web address, and, unless `allow_local`, a host that
    resolves to a loopback, private, link-local or otherwise non-public address."""
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"refused: not a web address ({url[:80]})")
    if allow_local:
        return
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"no such host: {parts.hostname}") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not ip.is_global:
            raise FetchError(f"refused: {parts.hostname} is a local or private address (--allow-local to archive it)")


def _read(response, limit: int, deadline: float) -> bytes:
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchError("timed out")
            part = response.read(CHUNK)
            if not part:
                return b"".join(parts)
            size += len(part)
            if size > limit:
                raise FetchError(f"larger than the size limit ({limit:,} bytes): not kept")
            parts.append(part)
    except (OSError, ValueError) as error:  # a timeout on a read, a connection cut
        raise FetchError(_reason(error)) from None


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    text = str(reason) or type(reason).__name__
    return "timed out" if "timed out" in text or isinstance(reason, TimeoutError) else text


def write_warc(path: Path, url: str, page: Fetched, fetched_at: str) -> str:
    """One WARC response record (warcio), written to a temporary name and renamed into
    place: a file is there whole or not at all. The SHA-256 of the file."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    temporary = path.with_name(path.name + ".part")
    with open(temporary, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http_headers = StatusAndHeaders(f"{page.status} {page.reason}".strip(), page.headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(page.final_url, "response", payload=io.BytesIO(page.body),
                                           http_headers=http_headers,
                                           warc_headers_dict={"WARC-Date": fetched_at, "WARC-Source-URI": url})
        writer.write_record(record)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return file_digest(path)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for part in iter(lambda: handle.read(CHUNK), b""):
            digest.update(part)
    return digest.hexdigest()


# ---------------------------------------------------------------- verification

def verify(db, folder: Path) -> dict:
    """Every snapshot's file hashed again: those that are missing, and those whose file or
    body no longer has the SHA-256 recorded (or that cannot be read as WARC)."""
    checked, changed, missing = 0, [], []
    for row in queries.all_snapshots(db):
        checked += 1
        path = folder / row["file"]
        if not path.exists():
            missing.append(row)
            continue
        if file_digest(path) != row["file_sha256"] or body_digest(path) != row["sha256"]:
            changed.append(row)
    return {"checked": checked, "changed": changed, "missing": missing}


def body_digest(path: Path) -> str | None:
    """The SHA-256 of the body a WARC file keeps (None if it cannot be read as one)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    return hashlib.sha256(record.raw_stream.read()).hexdigest()
    except (ArchiveLoadFailed, OSError, ValueError, EOFError):
        return None
    return None
