"""The `claims` command line: each command parses, calls one library function, renders.

Library modules are imported inside the commands that need them, so that
`claims --help` starts as fast as a bare Typer app.
"""

import re
import sys
from functools import partial
from typing import Annotated

import typer
from typer.core import TyperGroup

from claims.errors import ClaimsError
from claims.vocab import (
    CREDIBILITY_MEANING,
    RELIABILITY_MEANING,
    ExportFormat,
    FileFormat,
    Format,
    LinkKind,
    Policy,
    Reliability,
    ReportFormat,
    SourceType,
    Status,
    TopicKind,
)

ADMIRALTY_HELP = (
    "Admiralty code: source reliability "
    + ", ".join(f"{k} {v}" for k, v in RELIABILITY_MEANING.items())
    + "; information credibility "
    + ", ".join(f"{k} {v}" for k, v in CREDIBILITY_MEANING.items())
    + '. Written together, e.g. "B2".'
)


class ClaimsGroup(TyperGroup):
    """Turns every failure into one line on stderr and an exit code: never a traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from claims import output
        from typer._click import exceptions as click_errors  # Typer's own vendored Click

        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as error:
            sys.stdout.write(error.format_message() + "\n")
            sys.exit(0)
        except click_errors.ClickException as error:
            output.error(error.format_message())
            sys.exit(error.exit_code)
        except typer.Abort:
            output.error("aborted")
            sys.exit(1)
        except ClaimsError as error:
            output.error(str(error))
            sys.exit(error.exit_code)
        except KeyboardInterrupt:  # one that came before Typer could catch it
            result = 130
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except Exception as error:  # a bug in claims, not in the user's input
            if _debug():
                raise
            output.error(f"internal error: {type(error).__name__}: {error} (set CLAIMS_DEBUG=1 for details)")
            sys.exit(70)
        if result == 130:  # Ctrl-C, which Typer turns into a silent exit 130
            output.error("interrupted; nothing was written by the unfinished command")
        sys.exit(result if isinstance(result, int) else 0)


def _debug() -> bool:
    import os

    return bool(os.environ.get("CLAIMS_DEBUG"))


class _QuickCoercion:
    """Typer (0.26 and later) coerces every parameter through a pydantic TypeAdapter, so
    every command would import pydantic (about 80 ms here) before doing anything, `claims
    list` included. The values most commands get need none of it: an absent option, a
    string, an enum's exact value, a whole number within its bounds. Those are converted
    here to exactly what Typer would give; anything else, and every error, is Typer's."""

    UNSURE = object()
    WHOLE = re.compile(r"-?[0-9]+")

    def __init__(self, parameter, slow):
        self.parameter, self.slow = parameter, slow

    def coerce(self, value, param, ctx):
        quick = self.quick(value, param)
        if quick is not self.UNSURE:
            return quick
        return self.slow(self.parameter).coerce(value, param=param, ctx=ctx)

    def quick(self, value, param):
        from enum import Enum

        described = param.type_descriptor
        kind, info = described.annotation, described.parameter_info
        if param.multiple or param.nargs != 1 or described.file_annotation is not None:
            return self.UNSURE
        if value is None:
            return None
        if kind is str and isinstance(value, str):
            return value
        if isinstance(kind, type) and issubclass(kind, Enum):
            return value if isinstance(value, kind) else next(
                (member for member in kind if member.value == value), self.UNSURE)
        if kind in (int, float) and type(value) is kind:  # a default, already the right type
            number = value
        elif kind is int and isinstance(value, str) and self.WHOLE.fullmatch(value):
            number = int(value)
        else:
            return self.UNSURE
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if getattr(info, "clamp", False) or (low is not None and number < low) or (high is not None and number > high):
            return self.UNSURE
        return number


def _coerce_quickly() -> None:
    """Put _QuickCoercion in front of Typer's own, where this Typer has the hook for it."""
    from typer import core

    parameter = getattr(core, "_TyperParameter", None)
    slow = getattr(parameter, "get_runtime_param", None)
    if slow is None or getattr(slow, "quick", False):
        return
    def get_runtime_param(self):
        return _QuickCoercion(self, slow)

    get_runtime_param.quick = True
    parameter.get_runtime_param = get_runtime_param


_coerce_quickly()

app = typer.Typer(
    cls=ClaimsGroup,
    help="Track conflicting claims: who said what, through whom, how sure; compare the figures.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
sources_app = typer.Typer(help="Sources: the original claimants.", no_args_is_help=True)
topics_app = typer.Typer(help="Topics: the quantities claims are about.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(topics_app, name="topics")

DbOpt = Annotated[str | None, typer.Option("--db", help="Database file (else $CLAIMS_DB, else the per-user default).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
TypeFilter = Annotated[SourceType | None, typer.Option("--type", help="Source type.")]
SideFilter = Annotated[str | None, typer.Option("--side")]
ReportOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
WhyOpt = Annotated[str, typer.Option("--why", help="Why: kept in the history.")]
PolicyOpt = Annotated[Policy, typer.Option("--policy", help="Consensus policy: conservative (ACLED), range (UCDP low/best/high), median, weighted (Admiralty).")]
ToleranceOpt = Annotated[float, typer.Option("--tolerance", help="Relative gap between intervals that counts as a conflict.")]
WindowOpt = Annotated[int, typer.Option("--window", help="Days of as_of dates compared together (level and cumulative topics).")]
ReliabilityOpt = Annotated[Reliability | None, typer.Option("--reliability", case_sensitive=False, help=ADMIRALTY_HELP)]
CredibilityOpt = Annotated[int | None, typer.Option("--credibility", min=1, max=6, help=ADMIRALTY_HELP)]

CLAIM_TABLE = ["id", "topic", "source", "admiralty", "figure", "status", "as_of", "via"]
SOURCE_TABLE = ["name", "type", "side", "reliability", "aliases", "claims"]
TOPIC_TABLE = ["key", "title", "unit", "kind", "claims", "sources"]


def _open(db: str | None):
    from claims.db import open_db

    return open_db(db)


def _value(enum_value):
    return None if enum_value is None else str(enum_value.value if hasattr(enum_value, "value") else enum_value)


def _render_list(read, count, fmt: str, columns: list[str], title: str, limit: int | None = None) -> None:
    """A list command's rows: a table reads only the rows it shows, and says how many it left
    out; the other formats, and an explicit --limit (0: all), get every row asked for."""
    from claims import output, store

    if limit is None and fmt == "table":
        rows, total = store.first_rows(read, count, output.TABLE_ROWS)
        return output.render(rows, fmt, columns=columns, title=title, total=total)
    output.render(read(limit=limit or None), fmt, columns=columns, title=title, show_all=True)


def _check_output(fmt, output: str | None) -> None:
    if str(_value(fmt)) == "xlsx" and not output:
        raise ClaimsError("xlsx needs --output FILE")


# ---------------------------------------------------------------- sources

@sources_app.command("add")
def sources_add(
    name: Annotated[str, typer.Argument(help="The claimant's name, as you will type it.")],
    type: Annotated[SourceType, typer.Option("--type", help="official, monitoring_group, milblogger, media, analyst, ngo, unattributed, other.")],
    side: Annotated[str, typer.Option("--side", help="Short code: ua, ru, us, uk, none...")] = "unknown",
    reliability: ReliabilityOpt = Reliability.F,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    db: DbOpt = None,
):
    """Add a source (an original claimant)."""
    from claims import output, store
    from claims.models import SourceIn, build

    spec = build(SourceIn, name=name, type=_value(type), side=side, reliability=_value(reliability),
                 aliases=alias or [], notes=notes, url=url)
    store.add_source(_open(db), spec)
    output.say(f"added source {spec.name}")


@sources_app.command("list")
def sources_list(
    type: TypeFilter = None,
    side: SideFilter = None,
    format: FormatOpt = Format.table,
    db: DbOpt = None,
):
    """List sources with their Admiralty reliability and claim counts."""
    from claims import store

    database, filters = _open(db), dict(type=_value(type), side=side)
    _render_list(partial(store.list_sources, database, **filters), partial(store.count_sources, database, **filters),
                 _value(format), SOURCE_TABLE, "sources")


@sources_app.command("show")
def sources_show(name: str, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one source: its fields, aliases, claims by status, history."""
    from claims import credibility, output, store

    database = _open(db)
    detail = store.source_detail(database, name)
    detail["record"] = credibility.track_record(detail["by_status"])
    detail["over_time"] = credibility.record_over_time(database, name)
    if _value(format) != "table":
        return output.render([detail], _value(format))
    history, over_time = detail.pop("history"), detail.pop("over_time")
    output.record(detail, title=f"source {detail['name']}")
    if over_time:
        output.table(over_time, list(over_time[0]), title="record over time")
    if history:
        output.table(history, list(history[0]), title="history")


@sources_app.command("edit")
def sources_edit(
    name: str,
    why: WhyOpt,
    new_name: Annotated[str | None, typer.Option("--name", help="Rename the source.")] = None,
    type: Annotated[SourceType | None, typer.Option("--type")] = None,
    side: Annotated[str | None, typer.Option("--side")] = None,
    reliability: ReliabilityOpt = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Add another name (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    copies: Annotated[str | None, typer.Option("--copies", help="Mark it as copying another source: not independent.")] = None,
    db: DbOpt = None,
):
    """Change a source; every change is kept in the history with --why."""
    from claims import credibility, output

    changes = dict(name=new_name, type=_value(type), side=side, reliability=_value(reliability),
                   aliases=alias or [], notes=notes, url=url)
    source = credibility.edit_source(_open(db), name, changes, why, copies)
    output.say(f"updated source {source['name']}")


@sources_app.command("rank")
def sources_rank(
    type: TypeFilter = None,
    side: SideFilter = None,
    format: FormatOpt = Format.table,
    db: DbOpt = None,
):
    """Sources by track record: settled claims, a Beta-posterior score with its 90% interval,
    the suggested Admiralty grade beside the analyst's own, and the learned weight."""
    from claims import credibility, output, truth

    database = _open(db)
    with output.progress("learning whom to trust") as bar:
        truth.source_weights(database, bar)  # learn (or reuse) the weights shown beside the record
    rows = credibility.rank(database, type=_value(type), side=side)
    output.render(rows, _value(format), title="sources by track record",
                  columns=["name", "type", "side", "claims", "settled", "score", "low", "high", "suggested",
                           "grade", "learned_weight"])


# ---------------------------------------------------------------- topics

@topics_app.command("add")
def topics_add(
    key: Annotated[str, typer.Argument(help="A stable key, e.g. pokrovsk/distance-to-front.")],
    title: Annotated[str | None, typer.Option("--title")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Canonical unit: km, mi, km2, %, soldiers/day...")] = None,
    kind: Annotated[TopicKind | None, typer.Option("--kind", help="level, cumulative or rate.")] = None,
    db: DbOpt = None,
):
    """Add a topic with its unit and kind."""
    from claims import output, store
    from claims.models import TOPIC_KEY

    if not TOPIC_KEY.match(key):
        raise ClaimsError(f"bad topic key {key!r}: use lower case, digits and / - _ . :")
    topic = store.add_topic(_open(db), key, title=title, unit=unit, kind=_value(kind))
    output.say(f"added topic {topic['key']} ({topic['unit'] or 'unit from its first figure'}, {topic['kind']})")


@topics_app.command("list")
def topics_list(format: FormatOpt = Format.table, db: DbOpt = None):
    """List topics with their unit, kind and counts."""
    from claims import store

    database = _open(db)
    _render_list(partial(store.list_topics, database), partial(store.count_topics, database),
                 _value(format), TOPIC_TABLE, "topics")


@topics_app.command("show")
def topics_show(key: str, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one topic."""
    from claims import output, store

    row = {k: v for k, v in store.get_topic(_open(db), key).items() if k not in ("id", "unit_factor")}
    if _value(format) != "table":
        return output.render([row], _value(format))
    output.record(row, title=f"topic {key}")


@topics_app.command("edit")
def topics_edit(
    key: str,
    why: WhyOpt,
    title: Annotated[str | None, typer.Option("--title")] = None,
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    kind: Annotated[TopicKind | None, typer.Option("--kind")] = None,
    db: DbOpt = None,
):
    """Correct a topic's title, unit or kind (a unit must measure the same thing)."""
    from claims import output, store

    topic = store.edit_topic(_open(db), key, why, title=title, unit=unit, kind=_value(kind))
    output.say(f"updated topic {topic['key']} ({topic['unit']}, {topic['kind']})")


# ---------------------------------------------------------------- claims

@app.command("add")
def add(
    topic: Annotated[str, typer.Option("--topic", help="Topic key, e.g. pokrovsk/distance-to-front.")],
    source: Annotated[str, typer.Option("--source", help="The original claimant (name or alias).")],
    figure: Annotated[str, typer.Argument(help='The figure as said: "1 mile", "300 to 400", "at least 20,000", or empty.')] = "",
    value: Annotated[float | None, typer.Option("--value", help="The best estimate, when the figure's words cannot be read (or with no text).")] = None,
    low: Annotated[float | None, typer.Option("--low", help="The low end (UCDP low).")] = None,
    high: Annotated[float | None, typer.Option("--high", help="The high end (UCDP high).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="The unit of --value/--low/--high: km, %, USD, soldiers/day...")] = None,
    quote: Annotated[str | None, typer.Option("--quote")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="When the claimed fact holds: YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    reported_on: Annotated[str | None, typer.Option("--reported-on", help="Publication date.")] = None,
    via: Annotated[list[str] | None, typer.Option("--via", help="An outlet that relayed it, in order (repeatable).")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    status: Annotated[Status, typer.Option("--status")] = Status.unverified,
    credibility: CredibilityOpt = 6,
    source_type: Annotated[SourceType | None, typer.Option("--source-type", help="Needed to create an unknown source.")] = None,
    side: Annotated[str | None, typer.Option("--side", help="Side of a new source.")] = None,
    reliability: ReliabilityOpt = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    db: DbOpt = None,
):
    """Record a claim; prints its id."""
    from claims import output, store
    from claims.models import new_claim

    claim = new_claim(topic=topic, source=source, figure=figure, value=value, low=low, high=high, unit=unit,
                      quote=quote, as_of=as_of,
                      reported_on=reported_on, via=via or [], url=url, place=place, status=_value(status),
                      credibility=credibility, source_type=_value(source_type), side=side,
                      reliability=_value(reliability), notes=notes, tags=tag or [])
    result = store.add_claim(_open(db), claim)
    if result["warning"]:
        output.warning(result["warning"])
    output.say(result["id"])


@app.command("list")
def list_(
    topic: Annotated[str | None, typer.Option("--topic")] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    type: TypeFilter = None,
    side: SideFilter = None,
    status: Annotated[Status | None, typer.Option("--status")] = None,
    since: Annotated[str | None, typer.Option("--since", help="as_of (else reported_on) on or after.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="as_of (else reported_on) on or before.")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=0, help="At most N claims (0: all). A table shows the first 100 unless told.")] = None,
    removed: Annotated[bool, typer.Option("--removed", help="List removed claims instead.")] = False,
    format: FormatOpt = Format.table,
    db: DbOpt = None,
):
    """List claims, oldest recorded first. ADMIRALTY is reliability + credibility, e.g. B2."""
    from claims import store
    from claims.dates import parse_date

    try:
        since, until = parse_date(since, "--since"), parse_date(until, "--until")
    except ValueError as error:
        raise ClaimsError(str(error)) from None
    database = _open(db)
    filters = dict(topic=topic, source=source, type=_value(type), side=side, status=_value(status),
                   since=since, until=until, deleted=removed)
    _render_list(partial(store.list_claims, database, **filters), partial(store.count_claims, database, **filters),
                 _value(format), CLAIM_TABLE, "claims", limit)


@app.command("show")
def show(claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id or a unique prefix of one.")],
         format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one claim with its history."""
    from claims import output, store

    database = _open(db)
    claim = store.get_claim(database, claim_id)
    history = store.claim_history(database, claim["id"])
    if _value(format) != "table":
        return output.render([{**claim, "history": history}], _value(format))
    output.record(claim, title=f"claim {claim['id']}")
    if history:
        output.table(history, list(history[0]), title="history")


@app.command("edit")
def edit(
    claim_id: Annotated[str, typer.Argument(metavar="ID")],
    why: WhyOpt,
    topic: Annotated[str | None, typer.Option("--topic")] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    source_type: Annotated[SourceType | None, typer.Option("--source-type")] = None,
    figure: Annotated[str | None, typer.Option("--figure", help='New figure text; "" removes the number.')] = None,
    quote: Annotated[str | None, typer.Option("--quote")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    reported_on: Annotated[str | None, typer.Option("--reported-on")] = None,
    via: Annotated[list[str] | None, typer.Option("--via", help="Replace the relay chain (repeatable).")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    place: Annotated[str | None, typer.Option("--place")] = None,
    status: Annotated[Status | None, typer.Option("--status")] = None,
    credibility: CredibilityOpt = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Replace the tags (repeatable).")] = None,
    db: DbOpt = None,
):
    """Change a claim; each changed field is kept in its history with --why."""
    from claims import output, store

    changes = dict(topic=topic, source=source, source_type=_value(source_type), figure=figure, quote=quote,
                   as_of=as_of, reported_on=reported_on, via=via, url=url, place=place,
                   status=_value(status), credibility=credibility, notes=notes, tags=tag)
    claim = store.edit_claim(_open(db), claim_id, changes, why)
    output.say(f"updated {claim['id']}")


@app.command("verify")
def verify(
    claim_id: Annotated[str, typer.Argument(metavar="ID")],
    status: Annotated[Status, typer.Option("--status", help="The verdict.")],
    note: Annotated[str, typer.Option("--note", help="Why: kept in the history.")],
    credibility: CredibilityOpt = None,
    evidence: Annotated[list[str] | None, typer.Option("--evidence", help="A URL of evidence (repeatable).")] = None,
    db: DbOpt = None,
):
    """Record a verification: the status, who, when, why and the evidence. `corroborated`
    needs a linked claim from an independent source."""
    from claims import credibility as cred
    from claims import output

    claim = cred.verify(_open(db), claim_id, _value(status), note, credibility, evidence or [])
    output.say(f"{claim['id']} is {claim['status']} ({claim['admiralty']})")


@app.command("link")
def link(
    claim_id: Annotated[str, typer.Argument(metavar="ID")],
    other_id: Annotated[str, typer.Argument(metavar="OTHER")],
    kind: Annotated[LinkKind, typer.Option("--as", help="corroborates, contradicts, duplicates or relays.")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    db: DbOpt = None,
):
    """Record how two claims relate; relays and duplicates count as one voice."""
    from claims import credibility, output

    a, b = credibility.link(_open(db), claim_id, other_id, _value(kind), note)
    output.say(f"linked {a} {_value(kind)} {b}")


@app.command("rm")
def rm(claim_id: Annotated[str, typer.Argument(metavar="ID")], why: WhyOpt, db: DbOpt = None):
    """Remove a claim (kept in history; `claims restore ID` brings it back)."""
    from claims import output, store

    output.say(f"removed {store.remove_claim(_open(db), claim_id, why)}")


@app.command("restore")
def restore(claim_id: Annotated[str, typer.Argument(metavar="ID")],
            why: Annotated[str | None, typer.Option("--why")] = None, db: DbOpt = None):
    """Bring back a removed claim."""
    from claims import output, store

    output.say(f"restored {store.restore_claim(_open(db), claim_id, why)}")


@app.command("history")
def history(claim_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="A claim; none: the whole database.")] = None,
            limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the last N changes.")] = None,
            format: FormatOpt = Format.table, db: DbOpt = None):
    """The trail of changes to one claim, or to the whole database."""
    from claims import maintenance, output, store

    if claim_id:
        rows = store.claim_history(_open(db), claim_id)
    else:
        rows = maintenance.history(_open(db), limit)
    output.render(rows, _value(format), title=f"history of {claim_id or 'the database'}")


@app.command("backup")
def backup(file: Annotated[str, typer.Argument(help="A new file for the copy.")], db: DbOpt = None):
    """Copy the database with SQLite's online backup (consistent while others write)."""
    from claims import maintenance, output

    done = maintenance.backup(_open(db), file)
    output.say(f"backed up {done['claims']} claims to {done['file']} ({done['bytes']:,} bytes)")


@app.command("check")
def check(db: DbOpt = None):
    """Check the database: SQLite integrity, foreign keys, rows outside the vocabulary."""
    from claims import maintenance, output

    problems = maintenance.check(_open(db))
    for problem in problems:
        output.say(problem)
    if problems:
        raise ClaimsError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
    output.say("ok: integrity, foreign keys and vocabulary all check out")


@app.command("import")
def import_(
    file: Annotated[str, typer.Argument(help="CSV, JSON array or JSON Lines, with the keys of `list --format json`.")],
    format: Annotated[FileFormat | None, typer.Option("--format", "-f", help="Default: from the extension.")] = None,
    db: DbOpt = None,
):
    """Import claims, all or nothing."""
    from claims import output, transfer

    database = _open(db)
    with output.progress(f"importing {file}") as bar:
        counts = transfer.import_claims(database, file, _value(format), progress=bar)
    output.say(f"imported {counts['imported']} claims ({counts['unchanged']} already present, "
               f"{counts['sources_created']} new sources, {counts['topics_created']} new topics)")


@app.command("export")
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, json, jsonl, or claimreview (schema.org JSON-LD).")] = ExportFormat.jsonl,
    output_file: OutputOpt = None,
    topic: Annotated[str | None, typer.Option("--topic")] = None,
    source: Annotated[str | None, typer.Option("--source")] = None,
    reviewer: Annotated[str, typer.Option("--reviewer", help="claimreview: who reviews (the fact-checking organisation).")] = "claims",
    review_url: Annotated[str | None, typer.Option("--review-url", help="claimreview: the page that publishes the reviews.")] = None,
    db: DbOpt = None,
):
    """Export claims in a form `claims import` reads back unchanged, or as ClaimReview."""
    from claims import output, transfer

    if _value(format) == "claimreview":
        from claims import credibility

        reviews = credibility.claim_reviews(_open(db), reviewer, review_url)
        return output.emit(output.json_text(reviews) + "\n", output_file)
    rows = transfer.export_rows(_open(db), topic=topic, source=source)
    output.render(rows, _value(format), output=output_file)


# ---------------------------------------------------------------- extracting

EXTRACT_TABLE = ["figure", "source", "source_type", "side", "topic", "via", "as_of", "confidence"]


@app.command("extract")
def extract_(
    file: Annotated[str, typer.Argument(help="A text or HTML file, or - for standard input.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")] = "table",
    outlet: Annotated[str | None, typer.Option("--outlet", help="The article's own outlet (else its byline).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="The article's date, if its dateline lacks one.")] = None,
    apply: Annotated[bool, typer.Option("--apply", help="Add every candidate, in one transaction.")] = False,
    review: Annotated[bool, typer.Option("--review", help="Accept, edit or skip each candidate on the terminal.")] = False,
    db: DbOpt = None,
):
    """Propose one candidate claim per figure in an article, with who said it and through whom."""
    from claims import extract, output, store, transfer
    from claims.dates import parse_date

    if format not in ("table", "json", "jsonl", "csv"):
        raise ClaimsError(f"bad --format {format!r}: use table, json, jsonl or csv")
    try:
        date = parse_date(date, "--date")
    except ValueError as error:
        raise ClaimsError(str(error)) from None
    text = extract.read_input(file)
    database = _open(db) if (apply or review or db) else None
    known = store.source_index(database) if database else {}
    candidates = extract.extract(text, known=known, outlet=outlet, dateline=date)
    if review:
        candidates = output.review(candidates, text)
    if apply or review:
        if not candidates:
            return output.say("nothing to add")
        counts = transfer.import_rows(database, candidates, name=f"extract {file}")
        return output.say(f"added {counts['imported']} claims ({counts['sources_created']} new sources, "
                          f"{counts['topics_created']} new topics)")
    output.render(candidates, format, columns=EXTRACT_TABLE, title=f"candidate claims in {file}")


# ---------------------------------------------------------------- comparing

@app.command("compare")
def compare_(
    topic: Annotated[str, typer.Argument(help="Topic key.")],
    policy: PolicyOpt = Policy.median,
    tolerance: ToleranceOpt = 0.10,
    window: WindowOpt = 7,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Compare the window ending on this date (default: the latest).")] = None,
    over_time: Annotated[bool, typer.Option("--over-time", help="One row per window, oldest first, drawn as a chart.")] = False,
    format: ReportOpt = ReportFormat.table,
    output_file: OutputOpt = None,
    db: DbOpt = None,
):
    """Compare a topic's claims in one unit: intervals, spread, conflicts, consensus."""
    from claims import compare, output

    _check_output(format, output_file)
    if over_time:
        result = compare.over_time(_open(db), topic, _value(policy), tolerance, window)
        return output.render_over_time(result, _value(format), output_file)
    with output.progress("learning whom to trust") as bar:
        result = compare.compare(_open(db), topic, _value(policy), tolerance, window, as_of, progress=bar)
    output.render_comparison(result, _value(format), output_file)


@app.command("conflicts")
def conflicts_(
    policy: PolicyOpt = Policy.median,
    tolerance: ToleranceOpt = 0.10,
    window: WindowOpt = 7,
    format: ReportOpt = ReportFormat.table,
    output_file: OutputOpt = None,
    db: DbOpt = None,
):
    """Every topic whose claims conflict, the most severe first."""
    from claims import compare, output

    _check_output(format, output_file)
    database = _open(db)
    with output.progress("learning whom to trust") as bar:
        rows = compare.conflicts(database, _value(policy), tolerance, window, progress=bar)
    detail = None
    if _value(format) in ("html", "xlsx"):
        detail = [compare.compare(database, r["topic"], _value(policy), tolerance, window) for r in rows]
    output.render_conflicts(rows, detail, _value(format), output_file)


@app.command("demo")
def demo(db: DbOpt = None):
    """Load the two seed articles' claims and show what the tool is for."""
    from claims import demo as demo_mod
    from claims import output
    from claims.db import resolve_path

    result = demo_mod.run(_open(db))
    loaded = result["loaded"]
    output.say(f"database: {resolve_path(db)}; loaded {loaded['imported']} claims "
                f"({loaded['unchanged']} already there), {loaded['sources_created']} new sources")
    claims = [{**c, "figure": c["figure"] or output.shorten(f"“{c['quote']}”", 60)} for c in result["claims"]]
    output.table(claims, ["topic", "source", "admiralty", "figure", "status", "via"],
                 title="claims from the two seed articles, by topic", group_by="topic")
    output.table(result["extract"], ["extracted", "claimant", "via", "stored as", "stored figure"],
                 title=f"claims extract {demo_mod.ARTICLE}, beside the claims stored from it")
    output.render_comparison(result["comparison"], "table")
    output.render_conflicts(result["conflicts"], None, "table")


def main():
    app()


if __name__ == "__main__":
    main()
