"""The base as a whole: backup, check, import, export."""

from typing import Annotated

import typer

from claims.basics.errors import BadOption, ClaimsError
from claims.basics.formats import ExportFormat, FileFormat
from claims.basics.vocab import Publisher
from claims.cli.app import app, command
from claims.cli.common import (
    DbOpt,
    ForceOpt,
    OutputOpt,
    _announce,
    _created_databases,
    _dates,
    _format,
    _open,
    _session,
    _target,
    _value,
)


@command(app, "backup")
def backup(file: Annotated[str, typer.Argument(metavar="FILE", help="A new file for the copy.")], db: DbOpt = None):
    """Copy the database into a new claims file, consistent while others write (SQLite's
    online backup; from a shared PostgreSQL base, one snapshot, for offline work).

    Examples:
      claims backup claims-2025-01-03.db
      claims --db postgresql://claims.newsroom.example/claims backup field.db
    """
    from claims.operations import database
    from claims.output import output

    done = database.backup(_open(db), file)
    output.say(f"backed up {done['claims']} claims to {done['file']} ({done['bytes']:,} bytes)")


@command(app, "check")
def check(db: DbOpt = None):
    """Check the database: SQLite integrity, foreign keys, rows outside the vocabulary, the
    history's hash chain (naming the first entry that does not fit, and printing the chain's
    head to keep elsewhere); warn of claims whose pages have no snapshot kept (claims archive);
    on a shared PostgreSQL base, warn when acknowledged writes could be lost at a failover.

    Examples:
      claims check
      claims check --db colleague.db
    """
    from claims.operations import database
    from claims.output import output

    found = database.check(_open(db))
    for warning in found["warnings"]:
        output.note(f"warning: {warning}")
    if unarchived := found["unarchived"]:
        output.note(f"warning: {len(unarchived)} claims cite pages with no snapshot kept (claims archive): "
                    + ", ".join(unarchived[:10]) + (" and more" if len(unarchived) > 10 else ""))
    for problem in found["problems"]:
        output.say(problem)
    if problems := len(found["problems"]):
        raise ClaimsError(f"{problems} problem{'s' if problems != 1 else ''} found")
    output.say("ok: integrity, foreign keys, vocabulary and the history chain all check out")
    output.say(f"history: {found['entries']:,} entries in one chain")
    output.say(f"chain head: {found['head'] or '(no entries yet)'}")


@command(app, "import")
def import_(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help=(
        "CSV, JSON array or JSON Lines, with the keys of `list --format json`; - reads standard input. "
        "With --from: the publisher's own files, as many as you like."))],
    format: Annotated[FileFormat | None, typer.Option("--format", "-f", help="Default: from the extension.")] = None,
    publisher: Annotated[Publisher | None, typer.Option("--from", help=(
        "Read a published series as its publisher publishes it: general-staff (JSON), oryx (CSV), "
        "acled (CSV), deepstate (GeoJSON)."))] = None,
    mapping: Annotated[str | None, typer.Option("--mapping", metavar="FILE", help=(
        "With --from: your mapping of categories to topics (default: the shipped one; "
        "`claims series --show-mapping` prints it)."))] = None,
    places: Annotated[str | None, typer.Option("--places", metavar="FILE", help=(
        "With --from deepstate: more places to measure the distance to the front from."))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=(
        "With --from: the date of one file that carries none (an Oryx snapshot, a map)."))] = None,
    report_changes: Annotated[bool, typer.Option("--report-changes", help=(
        "With --from: say what changed since the last import (new conflicts, anomalies, widened "
        "ratios); exit 3 when something new conflicts."))] = False,
    new_topic: Annotated[bool, typer.Option(
        "--new-topic", help="Create topics even if a key is close to a known one.")] = False,
    new_source: Annotated[bool, typer.Option(
        "--new-source", help="Create sources even if a name is close to a known one.")] = False,
    allow_future: Annotated[bool, typer.Option("--allow-future", help="Accept dates after today.")] = False,
    allow_duplicates: Annotated[bool, typer.Option("--allow-duplicates", help=(
        "Add rows equal to a stored claim (same source, topic, figure, dates and quote) too."))] = False,
    db: DbOpt = None,
):
    """Import claims, all or nothing; the topics and sources it creates are named on stderr.

    A row equal to a claim already stored (same source, topic, figure, dates and quote) is
    already present: skipped and counted, so a file imported twice is not doubled.

    Examples:
      claims import ucdp-ged.jsonl --new-topic
      claims import --from oryx totals_by_type_2025-07-1*.csv --report-changes
    """
    from claims.operations import importing
    from claims.output import output

    if publisher is not None:
        return _import_series(files, _value(publisher), mapping, places, as_of, report_changes, allow_future, db)
    if len(files) != 1 or mapping or places or as_of or report_changes:
        raise BadOption("give one FILE (several, and --mapping, --places, --as-of and --report-changes, "
                        "go with --from)")
    file = files[0]
    database = _open(db, write=True)
    with output.progress(f"importing {'standard input' if file == '-' else file}") as bar:
        counts = importing.import_claims(database, file, _value(format), progress=bar, allow_future=allow_future,
                                        new_topics=new_topic, new_sources=new_source,
                                        allow_duplicates=allow_duplicates)
    _announce(counts["created"])
    if counts["duplicates"]:
        output.note(f"skipped {counts['duplicates']} rows equal to claims already stored "
                    "(--allow-duplicates adds them)")
    present = counts["unchanged"] + counts["duplicates"]
    output.say(f"imported {counts['imported']} claims ({present} already present, "
               f"{counts['sources_created']} new sources, {counts['topics_created']} new topics)")


def _import_series(files, publisher, mapping, places, as_of, report_changes, allow_future, db):
    from claims.operations import series
    from claims.output import output
    from claims.output import series as shown

    if as_of:
        as_of = _dates(as_of=as_of)["as_of"]
        if len(as_of) != len("2025-01-03"):
            raise BadOption(f"--as-of {as_of}: a published file is of one day: give YYYY-MM-DD")
    database = _open(db, write=True)
    with output.progress(f"importing {publisher}") as bar:
        result = series.import_series(database, publisher, files, mapping, places, as_of, allow_future,
                                      report_changes, progress=bar)
    _announce(result["created"])
    shown.series_import(result)
    if result["changes"] and result["changes"]["conflicts"]:
        # the import is done and kept: exit 3 only tells that something conflicts
        _created_databases(_session(), kept=True)
        raise typer.Exit(3)


@command(app, "export")
def export(
    format: Annotated[ExportFormat | None, typer.Option("--format", "-f", help=(
        "csv, json, jsonl, or claimreview (schema.org JSON-LD); else from the --output file's ending, "
        "else jsonl."))] = None,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
    topic: Annotated[str | None, typer.Option("--topic", metavar="KEY")] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME")] = None,
    reviewer: Annotated[str, typer.Option("--reviewer", metavar="ORG", help=(
        "claimreview: who reviews (the fact-checking organisation)."))] = "claims",
    review_url: Annotated[str | None, typer.Option("--review-url", metavar="URL", help=(
        "claimreview: the page that publishes the reviews."))] = None,
    db: DbOpt = None,
):
    """Export claims in a form `claims import` reads back unchanged, or as ClaimReview.

    Examples:
      claims export -f csv -o claims.csv
      claims export -f claimreview --reviewer "Our Desk" -o reviews.json
    """
    from claims.operations import browsing
    from claims.output import output

    fmt = _format(format, output_file, "export", default="jsonl")
    if fmt == "claimreview":
        from claims.operations import credibility
        from claims.output import report

        reviewed = credibility.reviewed_claims(_open(db))
        return report.render_claim_reviews(reviewed, reviewer, review_url, _target(output_file, force))
    rows = browsing.claims(_open(db), topic=topic, source=source)
    output.render(rows, fmt, output=_target(output_file, force), noun="claims")


