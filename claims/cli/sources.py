"""`claims sources ...`: the original claimants."""

from typing import Annotated

import typer

from claims.basics.formats import Format
from claims.basics.vocab import Reliability, SourceType
from claims.cli.app import command, sources_app
from claims.cli.common import (
    SOURCE_TABLE,
    SOURCE_TYPES,
    DbOpt,
    FormatOpt,
    ReliabilityOpt,
    SideFilter,
    SourceArg,
    TypeFilter,
    WhyOpt,
    _open,
    _render_list,
    _value,
)

# ---------------------------------------------------------------- sources

@command(sources_app, "add")
def sources_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The claimant's name, as you will type it.")],
    type: Annotated[SourceType, typer.Option("--type", metavar="TYPE", help=f"What kind of claimant: {SOURCE_TYPES}.")],
    side: Annotated[str, typer.Option(
        "--side", metavar="SIDE", help="Short code: ua, ru, us, uk, none...")] = "unknown",
    reliability: ReliabilityOpt = Reliability.F,
    alias: Annotated[list[str] | None, typer.Option(
        "--alias", metavar="NAME", help="Another name (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option("--notes", metavar="TEXT")] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL")] = None,
    db: DbOpt = None,
):
    """Add a source (an original claimant).

    Examples:
      claims sources add DeepState --type monitoring_group --side ua
      claims sources add "Yuri Podolyaka" --type milblogger --side ru
    """
    from claims.operations import recording
    from claims.output import output

    added = recording.add_source(_open(db, write=True), name, type=_value(type), side=side,
                                 reliability=_value(reliability), aliases=alias or [], notes=notes, url=url)
    output.say(f"added source {added}")


@command(sources_app, "list")
def sources_list(type: TypeFilter = None, side: SideFilter = None, format: FormatOpt = Format.table,
                 db: DbOpt = None):
    """List sources with their Admiralty reliability and claim counts.

    Examples:
      claims sources list
      claims sources list --type milblogger --side ru -f csv
    """
    _render_list(_open(db), "sources", _value(format), SOURCE_TABLE, "sources", noun="sources",
                 type=_value(type), side=side)


@command(sources_app, "show")
def sources_show(name: SourceArg, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one source: its fields, aliases, claims by status, record, history.

    Examples:
      claims sources show DeepState
      claims sources show deepstatemap -f json
    """
    from claims.operations import credibility
    from claims.output import output

    detail = credibility.source_dossier(_open(db), name)
    if _value(format) != "table":
        return output.render([detail], _value(format))
    output.source_detail(detail)


@command(sources_app, "edit")
def sources_edit(
    name: SourceArg,
    why: WhyOpt,
    new_name: Annotated[str | None, typer.Option("--name", metavar="NAME", help="Rename the source.")] = None,
    type: Annotated[SourceType | None, typer.Option("--type", metavar="TYPE", help=SOURCE_TYPES + ".")] = None,
    side: Annotated[str | None, typer.Option("--side", metavar="SIDE")] = None,
    reliability: ReliabilityOpt = None,
    alias: Annotated[list[str] | None, typer.Option(
        "--alias", metavar="NAME", help="Add another name (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option("--notes", metavar="TEXT")] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL")] = None,
    copies: Annotated[str | None, typer.Option("--copies", metavar="NAME", help=(
        "Mark it as copying another source: not independent."))] = None,
    db: DbOpt = None,
):
    """Change a source; every change is kept in the history with --why.

    Examples:
      claims sources edit DeepState --reliability B --why "good record"
      claims sources edit "Some Channel" --copies Rybar --why "reposts it"
    """
    from claims.operations import credibility
    from claims.output import output

    changes = dict(name=new_name, type=_value(type), side=side, reliability=_value(reliability),
                   aliases=alias or [], notes=notes, url=url)
    source = credibility.edit_source(_open(db, write=True), name, changes, why, copies)
    output.say(f"updated source {source['name']}")


@command(sources_app, "rank")
def sources_rank(type: TypeFilter = None, side: SideFilter = None, format: FormatOpt = Format.table,
                 db: DbOpt = None):
    """Sources by track record: settled claims, a Beta-posterior score with its 90% interval,
    the suggested Admiralty grade beside the analyst's own, and the learned weight.

    Examples:
      claims sources rank
      claims sources rank --type official -f csv
    """
    from claims.operations import credibility
    from claims.output import output, report

    with output.progress("learning whom to trust") as bar:
        ranked = credibility.rank(_open(db), type=_value(type), side=side, progress=bar)
    report.render_rank(ranked, _value(format))


