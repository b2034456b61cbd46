"""`claims extract`: claims found in an article, reviewed or applied."""

import os
from typing import Annotated

import typer

from claims.basics.formats import Format
from claims.cli.app import app, command
from claims.cli.common import DbOpt, _announce, _dates, _open, _session, _value, _where

# ---------------------------------------------------------------- extracting

EXTRACT_TABLE = ["figure", "source", "source_type", "side", "topic", "via", "as_of", "confidence", "stored"]


@command(app, "extract")
def extract_(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A text or HTML file, or - for standard input.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    outlet: Annotated[str | None, typer.Option(
        "--outlet", metavar="NAME", help="The article's own outlet (else its byline).")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", help="The article's date, if its dateline lacks one.")] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Add every candidate, in one transaction.")] = False,
    review: Annotated[bool, typer.Option(
        "--review", help="Accept, edit or skip each candidate on the terminal.")] = False,
    new_source: Annotated[bool, typer.Option("--new-source", help=(
        "Create a source whose name is close to a known one as written, instead of refusing."))] = False,
    new_topic: Annotated[bool, typer.Option("--new-topic", help=(
        "Create a topic whose key is close to a known one as written, instead of refusing."))] = False,
    allow_duplicates: Annotated[bool, typer.Option(
        "--allow-duplicates", help="With --apply: add candidates already stored too.")] = False,
    db: DbOpt = None,
):
    """Propose one candidate claim per figure in an article, with who said it and through whom.

    With a database, candidates take its topics for the same quantity, and one already
    stored (same source, topic, figure, dates and quote) is marked and not added again.

    Examples:
      claims extract article.txt --outlet "Euromaidan Press" --review
      claims extract article.html -f jsonl > candidates.jsonl
    """
    from claims import readers
    from claims.operations import intake
    from claims.output import output
    from claims.output import review as reviewing

    date = _dates(date=date)["date"]
    text = readers.read_input(file)
    database = _open(db, write=True) if apply or review else _existing(db)
    proposal = intake.propose(database, text, outlet=outlet, dateline=date)
    if (undated := intake.undated(proposal.candidates)) and not date:
        output.warning(f"no date found in {file} for {undated} of {len(proposal.candidates)} candidates: they "
                       "would be undated, left out of every dated comparison (give --date YYYY-MM-DD)")
    name = f"extract {file}"
    if review:  # each accepted candidate is stored as it is accepted
        _session().keeps_as_it_goes = True
        ask, show = reviewing.terminal_prompts()
        return _added(reviewing.review(proposal, text, ask, show, keep=intake.keeper(database, name)))
    if apply:
        _new_sources(intake.new_sources(proposal))
        return _added(intake.apply(database, proposal.candidates, name=name,
                                   new_sources=new_source, new_topics=new_topic,
                                   allow_duplicates=allow_duplicates))
    rows = reviewing.for_table(proposal) if _value(format) == "table" else proposal.candidates
    output.render(rows, _value(format), columns=EXTRACT_TABLE, title=f"candidate claims in {file}",
                  noun="candidates")


def _existing(db: str | None):
    """The database if there is one (its topics and sources help); a read never creates one."""
    from claims.basics.errors import OutOfDate
    from claims.operations import database

    path = _where(db)
    if database.is_server(path):
        try:
            return _open(db)
        except OutOfDate:  # a shared base not made yet: extraction works without one
            return None
    return _open(db) if path == ":memory:" or os.path.exists(path) else None


def _new_sources(new: list) -> None:
    """Each source about to be created, with the type and side it will have, before it is."""
    from claims.output import output

    for source in new:
        near = (f"; near the known {source.near!r} (to make it that source: claims sources edit "
                f"{source.near!r} --alias {source.name!r} --why ...)") if source.near else ""
        output.note(f"new source {source.name!r}: type {source.type}, side {source.side}{near}")


def _added(counts: dict) -> None:
    from claims.output import output

    _announce(counts["created"])
    skipped = f"; {counts['skipped']} already stored, not added again" if counts["skipped"] else ""
    if not counts["imported"]:
        return output.say(f"nothing added{skipped}")
    output.say(f"added {counts['imported']} claims ({counts['sources_created']} new sources, "
               f"{counts['topics_created']} new topics){skipped}")


