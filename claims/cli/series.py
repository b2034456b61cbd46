"""The standing series: the official figure against the floor, and the anomalies."""

from typing import Annotated

import typer

from claims.basics.errors import ClaimsError
from claims.cli.app import app, command
from claims.cli.common import DbOpt, ForceOpt, ListFormatOpt, OutputOpt, ReportOpt, _dates, _format, _open, _target

OptionalTopic = Annotated[str | None, typer.Argument(metavar="KEY", help=(
    "A running total's topic key, e.g. russia/losses/tanks."))]


@command(app, "series")
def series_(
    topic: OptionalTopic = None,
    shared_only: Annotated[bool, typer.Option("--shared", help=(
        "Only the dates both the official figure and the floor have."))] = False,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="From this date on.")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE", help=(
        "Up to this date; the change from --since to --until is said under the table."))] = None,
    as_published: Annotated[bool, typer.Option("--as-published", help=(
        "The figures as first published, before the publishers' corrections and revisions."))] = False,
    show_mapping: Annotated[bool, typer.Option("--show-mapping", help=(
        "Print the shipped mapping of categories to topics (a file to copy and edit for --mapping)."))] = False,
    show_places: Annotated[bool, typer.Option("--show-places", help=(
        "Print the shipped gazetteer (a file to copy and extend for --places)."))] = False,
    format: ReportOpt = None,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
):
    """A running total date by date: the official figure against the floor (Oryx's "at
    least"), each one's increment, their ratio, and the day's anomalies.

    Examples:
      claims series russia/losses/tanks --shared
      claims series russia/losses/aircraft -f html -o aircraft.html
    """
    from claims.basics.dates import date_key, end_of
    from claims.operations import series
    from claims.output import output
    from claims.output import series as shown

    if show_mapping or show_places:
        return output.emit(series.mapping_text()[0] if show_mapping else series.places_text())
    if topic is None:
        raise ClaimsError("give a topic key (claims series russia/losses/tanks), or --show-mapping")
    fmt = _format(format, output_file, "comparison")
    if fmt == "xlsx":
        raise ClaimsError("series gives table, csv, json, markdown or html")
    dates = _dates(since=since, until=until)
    view = series.series_view(_open(db), topic, shared_only, as_published, date_key(dates["since"]),
                              dates["until"] and end_of(dates["until"]))
    shown.render_series(view, fmt, _target(output_file, force))


@command(app, "anomalies")
def anomalies_(
    topic: OptionalTopic = None,
    format: ListFormatOpt = None,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
):
    """The anomalies of the running totals (or of one): a one-day jump far beyond the usual
    increment (median and MAD of the 30 before), a step down, an official jump the floor
    follows only in part within a week, and each published correction.

    Examples:
      claims anomalies
      claims anomalies russia/losses/aircraft -f csv
    """
    from claims.operations import series
    from claims.output import series as shown

    fmt = _format(format, output_file, "rows")
    shown.render_anomalies(series.anomalies(_open(db), topic), fmt, _target(output_file, force))
