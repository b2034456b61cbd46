"""Comparing figures: compare, conflicts, report, learn."""

from typing import Annotated

import typer

from claims.cli.app import app, command
from claims.cli.common import (
    COMPARE_OPTIONS,
    DbOpt,
    ForceOpt,
    TopicArg,
    _dates,
    _format,
    _open,
    _target,
    _value,
    shared,
)

# ---------------------------------------------------------------- comparing

@command(app, "compare")
@shared(COMPARE_OPTIONS, "options")
def compare_(
    topic: TopicArg,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=(
        "Compare the window ending on this date (default: the latest)."))] = None,
    over_time: Annotated[bool, typer.Option(
        "--over-time", help="One row per window, oldest first, drawn as a chart.")] = False,
    options: dict = None,
    db: DbOpt = None,
):
    """Compare a topic's claims in one unit: intervals, spread, conflicts, consensus.

    Examples:
      claims compare pokrovsk/distance-to-front
      claims compare pokrovsk/distance-to-front --policy range -f html -o d.html
    """
    from claims.operations import compare
    from claims.output import output, report

    fmt = _format(options["format"], options["output_file"], "comparison")
    target = _target(options["output_file"], options["force"])
    settings = dict(policy=_value(options["policy"]), tolerance=options["tolerance"], window=options["window"])
    if over_time:
        result = compare.over_time(_open(db), topic, **settings)
        return report.render_over_time(result, fmt, target)
    as_of = _dates(as_of=as_of)["as_of"]
    with output.progress("learning whom to trust") as bar:
        result = compare.compare(_open(db), topic, as_of=as_of, progress=bar, **settings)
    report.render_comparison(result, fmt, target)


@command(app, "conflicts")
@shared(COMPARE_OPTIONS, "options")
def conflicts_(options: dict = None, db: DbOpt = None):
    """Every topic whose claims conflict, the most severe first.

    Examples:
      claims conflicts
      claims conflicts --tolerance 0.25 -f xlsx -o conflicts.xlsx
    """
    from claims.operations import compare
    from claims.output import output, report

    fmt = _format(options["format"], options["output_file"], "comparison")
    target = _target(options["output_file"], options["force"])
    settings = dict(policy=_value(options["policy"]), tolerance=options["tolerance"], window=options["window"])
    with output.progress("learning whom to trust") as bar:
        found = compare.conflicts_report(_open(db), detail=fmt in ("html", "xlsx"), progress=bar, **settings)
    report.render_conflicts(found, fmt, target)


@command(app, "report")
@shared(COMPARE_OPTIONS[:3], "options")
def report_(
    topics: Annotated[list[str] | None, typer.Argument(metavar="TOPIC...", help="Topics to report on.")] = None,
    conflicts: Annotated[bool, typer.Option("--conflicts", help="Every conflicting topic, after those named.")] = False,
    output_file: Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="The page to write.")] = ...,
    force: ForceOpt = False,
    options: dict = None,
    db: DbOpt = None,
):
    """Write one self-contained web page on some topics: for each, the interval chart, the
    claims, the conflicts, the grade and (over several windows) the timeline; then the
    sources' track records and the method.

    Examples:
      claims report pokrovsk/distance-to-front -o pokrovsk.html
      claims report --conflicts --policy range -o conflicts.html
    """
    from claims.operations import compare
    from claims.output import output, report

    with output.progress("comparing") as bar:
        found = compare.dossier(_open(db), topics or [], conflicting=conflicts, progress=bar, **options)
    report.render_dossier(found, _target(output_file, force))


@command(app, "learn")
def learn(db: DbOpt = None):
    """Learn whom to trust from the whole database and keep it: the weights `--policy truth`
    and `sources rank` use. A read that finds them out of date works them out again for
    itself, and keeps nothing.

    Examples:
      claims learn
      claims --db team.db learn
    """
    from claims.operations import learning
    from claims.output import output

    with output.progress("learning whom to trust") as bar:
        counts = learning.learn(_open(db, write=True, create=False), progress=bar)
    output.say(f"learned the weights of {counts['sources']:,} sources from {counts['claims']:,} claims")


