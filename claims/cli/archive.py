"""`claims archive`: the pages claims cite, kept as WARC snapshots, and checked again."""

from pathlib import Path
from typing import Annotated

import typer

from claims.basics.errors import ClaimsError
from claims.cli.app import app, command
from claims.cli.common import DbOpt, _open, _where


@command(app, "archive")
def archive_(
    ids: Annotated[list[str] | None, typer.Argument(metavar="ID...", help="These claims' pages.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", metavar="KEY", help="Every claim of this topic.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every claim that cites a web address.")] = False,
    verify: Annotated[bool, typer.Option("--verify", help=(
        "Hash every snapshot again; name those that changed or went missing (exit 1 if any)."))] = False,
    folder: Annotated[str | None, typer.Option("--archive-dir", metavar="DIR", help=(
        "Where the WARC files are (default: beside the database file, DB.archive/)."))] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="For one page, whole.")] = 20.0,
    max_size: Annotated[int, typer.Option("--max-size", metavar="BYTES", help="A larger page is not kept.")]
    = 20_000_000,
    parallel: Annotated[int, typer.Option("--parallel", metavar="N", help="Fetches at once (1-64).")] = 4,
    allow_local: Annotated[bool, typer.Option("--allow-local", help=(
        "Also fetch loopback and private addresses (refused by default: addresses in claims are untrusted)."))]
    = False,
    db: DbOpt = None,
):
    """Fetch each claim's page and the evidence its verifications cite, and keep them as WARC
    files beside the database, with the final address, HTTP status, time and SHA-256.
    Addresses already kept are skipped: a run stopped part-way goes on where it stopped.

    Examples:
      claims archive --topic pokrovsk/distance-to-front
      claims archive --verify
    """
    from claims.operations import archive
    from claims.output import output

    where = _folder(db, folder)
    if verify:
        return _verify(_open(db), where)
    if bool(ids) + bool(topic) + all_ != 1:
        raise ClaimsError("name the claims to archive: IDs, --topic KEY or --all (one of them)")
    database = _open(db, write=True, create=False)
    links = archive.targets(database, ids, topic)
    if not links:
        return output.say("no web addresses to archive: the claims cite none")
    settings = archive.Settings(where, timeout, max_size, parallel, allow_local)
    counts: dict = {}
    try:
        with output.progress(f"archiving {len(links)} pages") as bar:
            archive.archive(database, links, settings, progress=bar, counts=counts)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: {counts.get('kept', 0)} snapshots kept this run, each whole; "
                          "run the same command again to go on") from None
    _report(counts, where)


class Interrupted(ClaimsError):
    """Ctrl-C during a run: what was kept is said, and the exit is a Ctrl-C's."""

    exit_code = 130


def _folder(db: str | None, folder: str | None) -> Path:
    from claims.basics.errors import ClaimsError
    from claims.operations import archive, database

    if folder:
        return Path(folder)
    path = _where(db)
    if database.is_server(path) or path == ":memory:":
        raise ClaimsError("a shared base has no file to keep snapshots beside: give --archive-dir DIR")
    return archive.folder_for(path)


def _report(counts: dict, where: Path) -> None:
    from claims.output import output

    for url, why in counts["failed"]:
        output.warning(f"not kept: {url}: {why}")
    skipped = f"; {counts['skipped']} kept before, skipped" if counts["skipped"] else ""
    output.say(f"kept {counts['kept']} snapshots in {where}{skipped}"
               + (f"; {len(counts['failed'])} not kept (run again to retry)" if counts["failed"] else ""))


def _verify(database, where: Path) -> None:
    from claims.basics.errors import ClaimsError
    from claims.operations import archive
    from claims.output import output

    found = archive.verify(database, where)
    for row in found["missing"]:
        output.say(f"missing: {row['file']} ({row['url']})")
    for row in found["changed"]:
        output.say(f"changed: {row['file']} ({row['url']}): not the SHA-256 recorded when it was kept")
    bad = len(found["missing"]) + len(found["changed"])
    if bad:
        raise ClaimsError(f"{bad} of {found['checked']} snapshots changed or missing")
    output.say(f"ok: {found['checked']} snapshots, each as kept")
