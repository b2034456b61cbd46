"""`claims clusters`: one claim relayed many times, proposed, reviewed, recorded, undone."""

from typing import Annotated

import typer

from claims.basics.formats import Format
from claims.cli.app import app, command
from claims.cli.common import DbOpt, FormatOpt, _open, _session, _value


@command(app, "clusters")
def clusters_(
    topic: Annotated[str | None, typer.Argument(metavar="KEY", help=(
        "Only this topic (default: every topic)."))] = None,
    review: Annotated[bool, typer.Option("--review", help=(
        "Answer each proposal on the terminal: y records it, n keeps it from being proposed again."))] = False,
    recorded: Annotated[bool, typer.Option("--recorded", help="List the clusters accepted, rejected or undone.")]
    = False,
    undo: Annotated[int | None, typer.Option("--undo", metavar="N", help=(
        "Undo the accepted cluster N (see --recorded): its links go, with --why."))] = None,
    why: Annotated[str | None, typer.Option("--why", metavar="TEXT", help="Why: kept in the history.")] = None,
    tolerance: Annotated[float, typer.Option("--tolerance", metavar="SHARE", help=(
        "Figures of one claim differ by at most this share of the larger (default 0.10)."))] = 0.10,
    window: Annotated[int, typer.Option("--window", metavar="DAYS", help=(
        "Dates of one claim fall within this many days (default 7, as compare's window)."))] = 7,
    format: FormatOpt = Format["table"],
    db: DbOpt = None,
):
    """Claims that are one claim relayed: the same figure within a week from one source,
    or in words about the same thing; up to a year apart, the very same figure in the same
    voice or the same words (a reprint). Each cluster with its first appearance (the earliest
    reported) and its relays. Nothing is merged until accepted with --review; an accepted
    cluster counts once everywhere (independent sources, grades, consensus, records).

    Examples:
      claims clusters lombok/deaths
      claims clusters --review
    """
    from claims.operations import clusters
    from claims.output import clustering, output

    fmt = _value(format)
    if undo is not None:
        done = clusters.undo(_open(db, write=True, create=False), undo, why or "")
        return output.say(f"cluster {undo} undone: {done['links_removed']} links removed")
    if recorded:
        rows = clusters.recorded(_open(db), topic)
        if fmt == "table" and not rows:
            return output.say("no clusters recorded" + (f" in {topic}" if topic else ""))
        return output.render(rows, fmt, ["id", "topic", "status", "first_id", "members", "at", "why"],
                             title="recorded clusters", noun="clusters")
    database = _open(db, write=review, create=False)
    with output.progress("proposing clusters") as bar:
        found = clusters.proposals(database, topic, tolerance, window, progress=bar)
    if review:
        return _review(database, found, why)
    if fmt == "table" and not found:
        return output.say("no clusters proposed" + (f" in {topic}" if topic else ""))
    made = clustering.records(found) if fmt in ("json", "jsonl") else clustering.rows(found)
    output.render(made, fmt, clustering.COLUMNS, title="proposed clusters", noun="clusters")
    if fmt == "table":
        output.note("claims clusters --review records them (y), or keeps them from being proposed again (n)")


def _review(database, found: list, why: str | None) -> None:
    from claims.operations import clusters
    from claims.output import clustering, output
    from claims.output import review as reviewing

    if not found:
        return output.say("no clusters to review")
    _session().keeps_as_it_goes = True

    def decide(proposal, answer):
        (clusters.accept if answer == "yes" else clusters.reject)(database, proposal, why)
        if answer == "yes" and sorted(proposal["proposed"]) != sorted([proposal["first"], *proposal["relays"]]):
            # what was left out in the edit is not part of it: not proposed again as it stood
            first, *relays = proposal["proposed"]
            clusters.reject(database, {**proposal, "first": first, "relays": relays}, "edited in review")

    counts = clustering.review(found, decide, *reviewing.terminal_prompts())
    output.say(f"accepted {counts['accepted']}, rejected {counts['rejected']}, "
               f"left {counts['left']} for another review")
