"""Claims one by one: add, edit, list, show, verify, link, rm, restore, history."""

from typing import Annotated

import typer

from claims.basics.formats import Format
from claims.basics.vocab import LinkKind, Status
from claims.cli.app import app, command
from claims.cli.common import (
    CLAIM_FIELDS,
    CLAIM_TABLE,
    CredibilityOpt,
    DbOpt,
    ForceOpt,
    FormatOpt,
    IdArg,
    ListFormatOpt,
    OutputOpt,
    SideFilter,
    TypeFilter,
    WhyOpt,
    _announce,
    _dates,
    _format,
    _open,
    _render_list,
    _target,
    _value,
    shared,
)

# ---------------------------------------------------------------- claims

@command(app, "add")
@shared(CLAIM_FIELDS, "fields")
def add(
    topic: Annotated[str, typer.Option("--topic", metavar="KEY", help="Topic key, e.g. pokrovsk/distance-to-front.")],
    source: Annotated[str, typer.Option("--source", metavar="NAME", help="The original claimant (name or alias).")],
    figure: Annotated[str, typer.Argument(metavar="FIGURE", help=(
        'The figure as said: "1 mile", "300 to 400", "at least 20,000", or none.'), show_default=False)] = "",
    fields: dict = None,
    db: DbOpt = None,
):
    """Record a claim; prints its id. A topic or source it creates is named on stderr.

    Examples:
      claims add --topic pokrovsk/distance-to-front --source DeepState "3 km"
      claims add --topic sudan/deaths --source UN --value 1500 --unit people
    """
    from claims.operations import recording
    from claims.output import output

    flags = {name: fields.pop(name) for name in ("new_topic", "new_source", "allow_future")}
    fields["via"], fields["tags"] = fields["via"] or [], fields["tags"] or []
    given = {k: _value(v) if hasattr(v, "value") else v for k, v in fields.items()}
    result = recording.record_claim(_open(db, write=True), dict(topic=topic, source=source, figure=figure, **given),
                                    **flags)
    _announce(result["created"])
    if result["warning"]:
        output.warning(result["warning"])
    output.say(result["id"])


@command(app, "edit")
@shared(CLAIM_FIELDS, "fields")
def edit(
    claim_id: IdArg,
    why: WhyOpt,
    topic: Annotated[str | None, typer.Option("--topic", metavar="KEY")] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME")] = None,
    figure: Annotated[str | None, typer.Option("--figure", metavar="FIGURE", help=(
        'New figure text; "" removes the number.'))] = None,
    fields: dict = None,
    db: DbOpt = None,
):
    """Change a claim; each changed field is kept in its history with --why.

    Examples:
      claims edit s0c02 --figure "2.5 km" --why "DeepState corrected its map"
      claims edit s0c02 --topic pokrovsk/distance-to-front --why "wrong topic"
    """
    from claims.operations import credibility
    from claims.output import output

    flags = {name: fields.pop(name) for name in ("new_topic", "new_source", "allow_future")}
    for name in ("side", "reliability"):  # a new source's fields only travel with a new --source
        fields[name] = fields[name] if source else None
    changes = {k: _value(v) if hasattr(v, "value") else v for k, v in fields.items()}
    claim = credibility.edit(_open(db, write=True), claim_id, dict(topic=topic, source=source, figure=figure,
                                                                   **changes), why, **flags)
    _announce(claim["created"])
    output.say(f"updated {claim['id']}")


@command(app, "list")
def list_(
    topic: Annotated[str | None, typer.Option("--topic", metavar="KEY")] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="NAME")] = None,
    type: TypeFilter = None,
    side: SideFilter = None,
    status: Annotated[Status | None, typer.Option("--status")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="as_of (else reported_on) on or after.")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="DATE", help="as_of (else reported_on) on or before.")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, metavar="N",
        help="At most N claims (0: all). A table shows the first 100 unless told.")] = None,
    removed: Annotated[bool, typer.Option("--removed", help="List removed claims instead.")] = False,
    format: ListFormatOpt = None,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
):
    """List claims, oldest recorded first. ADMIRALTY is reliability + credibility, e.g. B2.

    Examples:
      claims list --topic pokrovsk/distance-to-front
      claims list --since 2025-01 --type official -f csv -o claims.csv
    """
    dates = _dates(since=since, until=until)
    _render_list(_open(db), "claims", _format(format, output_file, "rows"), CLAIM_TABLE, "claims", limit,
                 _target(output_file, force), noun="claims", topic=topic, source=source, type=_value(type),
                 side=side, status=_value(status), deleted=removed, **dates)


@command(app, "show")
def show(claim_id: IdArg, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one claim with its history and the evidence its verifications cited.

    Examples:
      claims show s0c02
      claims show s0c02 -f json
    """
    from claims.operations import browsing
    from claims.output import output

    claim = browsing.claim(_open(db), claim_id)
    if _value(format) != "table":
        return output.render([claim], _value(format))
    output.claim_detail(claim)


@command(app, "verify")
def verify(
    claim_id: IdArg,
    status: Annotated[Status, typer.Option("--status", help="The verdict.")],
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="Why: kept in the history.")],
    credibility: CredibilityOpt = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", metavar="URL", help="A URL of evidence (repeatable).")] = None,
    db: DbOpt = None,
):
    """Record a verification: the status, who, when, why and the evidence. `corroborated`
    needs a linked claim from an independent source.

    Examples:
      claims verify s0c02 --status confirmed --note "imagery" --evidence URL
      claims verify s1c06 --status refuted --note "the unit was elsewhere"
    """
    from claims.operations import credibility as cred
    from claims.output import output

    claim = cred.verify(_open(db, write=True), claim_id, _value(status), note, credibility, evidence or [])
    output.say(f"{claim['id']} is {claim['status']} ({claim['admiralty']})")


@command(app, "link")
def link(
    claim_id: IdArg,
    other_id: Annotated[str, typer.Argument(metavar="OTHER", help="The other claim's id or prefix.")],
    kind: Annotated[LinkKind, typer.Option("--as", help="corroborates, contradicts, duplicates or relays.")],
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
    db: DbOpt = None,
):
    """Record how two claims relate; relays and duplicates count as one voice.

    Examples:
      claims link s0c02 s1c06 --as corroborates
      claims link s0c05 s0c04 --as relays --note "same map, reposted"
    """
    from claims.operations import credibility
    from claims.output import output

    a, b = credibility.link(_open(db, write=True), claim_id, other_id, _value(kind), note)
    output.say(f"linked {a} {_value(kind)} {b}")


@command(app, "rm")
def rm(claim_id: IdArg, why: WhyOpt, db: DbOpt = None):
    """Remove a claim (kept in history; `claims restore ID` brings it back).

    Examples:
      claims rm s0c05 --why "entered twice"
    """
    from claims.operations import recording
    from claims.output import output

    output.say(f"removed {recording.remove_claim(_open(db, write=True), claim_id, why)}")


@command(app, "restore")
def restore(claim_id: IdArg, why: Annotated[str | None, typer.Option("--why", metavar="TEXT")] = None,
            db: DbOpt = None):
    """Bring back a removed claim.

    Examples:
      claims restore s0c05 --why "it was not a duplicate after all"
    """
    from claims.operations import recording
    from claims.output import output

    output.say(f"restored {recording.restore_claim(_open(db, write=True), claim_id, why)}")


@command(app, "history")
def history(claim_id: Annotated[str | None, typer.Argument(
    metavar="ID", help="A claim; none: the whole database.")] = None,
            limit: Annotated[int | None, typer.Option(
                "--limit", min=1, metavar="N", help="Only the last N changes.")] = None,
            format: FormatOpt = Format.table, db: DbOpt = None):
    """The trail of changes to one claim, or to the whole database, with the evidence cited.

    Examples:
      claims history s0c02
      claims history --limit 20 -f json
    """
    from claims.operations import browsing
    from claims.output import output

    rows = browsing.history(_open(db), claim_id, limit)
    output.render(rows, _value(format), title=f"history of {claim_id or 'the database'}", noun="changes")


