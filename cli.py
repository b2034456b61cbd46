"""The `claims` command line: each command parses, calls one library function, renders.

Library modules are imported inside the commands that need them, so that
`claims --help` starts as fast as a bare Typer app. Each command's docstring ends
with its examples, which `--help` prints last.
"""

import functools
import inspect
import os
import sys
from functools import partial
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

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
        from typer._click import exceptions as click_errors  # Typer's own vendored Click

        from claims import output, quick_coercion

        quick_coercion.install()
        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, **extra)
            _created_databases(kept=result in (None, 0))
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
            _created_databases(kept=False)
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


class ClaimsCommand(TyperCommand):
    """Arguments are shown by their names in words (FILE, ID), as in any conventional
    tool, not with the Python type Typer would add ("FILE <str>")."""

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = ["[OPTIONS]"] if self.get_params(ctx) else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces


def _argument_name(param) -> str:
    return param.metavar or param.name.upper()


def _debug() -> bool:
    import os

    return bool(os.environ.get("CLAIMS_DEBUG"))



HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    cls=ClaimsGroup,
    help="Track conflicting claims: who said what, through whom, how sure; compare the figures.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings=HELP,
)
sources_app = typer.Typer(help="Sources: the original claimants.", no_args_is_help=True, context_settings=HELP)
topics_app = typer.Typer(help="Topics: the quantities claims are about.", no_args_is_help=True,
                         context_settings=HELP)
app.add_typer(sources_app, name="sources")
app.add_typer(topics_app, name="topics")


def command(group: typer.Typer, name: str | None = None):
    """Register a command whose docstring ends with "Examples:": `--help` prints them last."""
    def register(function):
        text, _, examples = inspect.getdoc(function).partition("\nExamples:\n")
        # \b keeps Click from re-flowing the example lines
        return group.command(name, cls=ClaimsCommand, help=text.strip(),
                             epilog="\b\nExamples:\n" + examples)(function)
    return register


# ---------------------------------------------------------------- shared options

DbOpt = Annotated[str | None, typer.Option("--db", metavar="FILE", help=(
    "Database file or postgresql:// address (else $CLAIMS_DB, else the per-user default)."))]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SOURCE_TYPES = ", ".join(t.value for t in SourceType)
TypeFilter = Annotated[SourceType | None, typer.Option(
    "--type", metavar="TYPE", help=f"Only sources of this type: {SOURCE_TYPES}.")]
SideFilter = Annotated[str | None, typer.Option(
    "--side", metavar="SIDE", help="Only sources of this side (ua, ru...).")]
ReportOpt = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[str | None, typer.Option("--output", "-o", metavar="FILE",
                                               help="Write to this file instead of standard output.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the --output file if it exists.")]
WhyOpt = Annotated[str, typer.Option("--why", metavar="TEXT", help="Why: kept in the history.")]
ReliabilityOpt = Annotated[Reliability | None, typer.Option("--reliability", case_sensitive=False, metavar="A-F",
                                                            help=ADMIRALTY_HELP)]
CredibilityOpt = Annotated[int | None, typer.Option("--credibility", min=1, max=6, metavar="1-6", help=ADMIRALTY_HELP)]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="A claim id or a unique prefix of one.")]
TopicArg = Annotated[str, typer.Argument(metavar="KEY", help="A topic key, e.g. pokrovsk/distance-to-front.")]
SourceArg = Annotated[str, typer.Argument(metavar="NAME", help="A source's name or alias.")]

# The fields `add` and `edit` share, declared once: (parameter, annotation, default).
CLAIM_FIELDS = [
    ("value", Annotated[float | None, typer.Option("--value", metavar="NUMBER", help=(
        "The best estimate, for a figure the reader cannot read (or none)."))], None),
    ("low", Annotated[float | None, typer.Option("--low", metavar="NUMBER", help="The low end (UCDP low).")], None),
    ("high", Annotated[float | None, typer.Option("--high", metavar="NUMBER", help="The high end (UCDP high).")],
     None),
    ("unit", Annotated[str | None, typer.Option("--unit", metavar="UNIT", help=(
        "The unit of --value/--low/--high: km, %, USD, soldiers/day..."))], None),
    ("quote", Annotated[str | None, typer.Option("--quote", metavar="TEXT", help="The claim in its own words.")],
     None),
    ("as_of", Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=(
        "When the claimed fact holds: YYYY-MM-DD, YYYY-MM or YYYY."))], None),
    ("reported_on", Annotated[str | None, typer.Option("--reported-on", metavar="DATE", help="Publication date.")],
     None),
    ("via", Annotated[list[str] | None, typer.Option("--via", metavar="OUTLET", help=(
        "An outlet that relayed it, in order (repeatable; edit replaces the chain)."))], None),
    ("url", Annotated[str | None, typer.Option("--url", metavar="URL")], None),
    ("place", Annotated[str | None, typer.Option("--place", metavar="PLACE")], None),
    ("status", Annotated[Status | None, typer.Option("--status", help="Verification status (new claims: unverified).")],
     None),
    ("credibility", CredibilityOpt, None),
    ("notes", Annotated[str | None, typer.Option("--notes", metavar="TEXT")], None),
    ("tags", Annotated[list[str] | None, typer.Option("--tag", metavar="TAG", help=(
        "A tag (repeatable; edit replaces the tags)."))], None),
    ("source_type", Annotated[SourceType | None, typer.Option("--source-type", metavar="TYPE", help=(
        f"The type of a source not yet known (needed to create it): {SOURCE_TYPES}."))], None),
    ("side", Annotated[str | None, typer.Option("--side", metavar="SIDE", help="The side of a new source.")], None),
    ("reliability", ReliabilityOpt, None),
    ("new_topic", Annotated[bool, typer.Option("--new-topic", help=(
        "Create the topic even if its key is close to a known one."))], False),
    ("new_source", Annotated[bool, typer.Option("--new-source", help=(
        "Create the source even if its name is close to a known one."))], False),
    ("allow_future", Annotated[bool, typer.Option("--allow-future", help="Accept dates after today.")], False),
]

# The options `compare` and `conflicts` share.
COMPARE_OPTIONS = [
    ("policy", Annotated[Policy, typer.Option("--policy", help=(
        "Consensus policy: conservative (ACLED), range (UCDP low/best/high), median, weighted (Admiralty), "
        "truth (learned)."))], Policy.median),
    ("tolerance", Annotated[float, typer.Option("--tolerance", metavar="FRACTION", help=(
        "Relative gap between intervals that counts as a conflict."))], 0.10),
    ("window", Annotated[int, typer.Option("--window", metavar="DAYS", help=(
        "Days of as_of dates compared together (level and cumulative topics)."))], 7),
    ("format", ReportOpt, ReportFormat.table),
    ("output_file", OutputOpt, None),
    ("force", ForceOpt, False),
]


def shared(options: list[tuple], into: str):
    """Add a list of shared options to a command's signature, before its --db; the
    command receives them as one dict named `into`."""
    def decorate(function):
        signature = inspect.signature(function)
        own = [p for p in signature.parameters.values() if p.name != into]
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
                 for name, annotation, default in options]
        keyword = inspect.Parameter.KEYWORD_ONLY
        last = [p.replace(kind=keyword) for p in own if p.name == "db"]
        parameters = [p.replace(kind=keyword) for p in own if p.name != "db"]

        @functools.wraps(function)
        def wrapper(**values):
            bundle = {name: values.pop(name) for name, _, _ in options}
            return function(**values, **{into: bundle})

        wrapper.__signature__ = signature.replace(parameters=parameters + added + last)
        wrapper.__annotations__ = {p.name: p.annotation for p in wrapper.__signature__.parameters.values()}
        del wrapper.__wrapped__  # Typer must read the signature above, not the function's own
        return wrapper
    return decorate


# ---------------------------------------------------------------- helpers

_ROOT: dict = {"db": None}


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        sys.stdout.write(f"claims {version('claims')}\n")
        raise typer.Exit()


@app.callback()
def root(
    db: DbOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
):
    """Track conflicting claims: who said what, through whom, how sure; compare the figures."""
    _ROOT["db"] = db  # `claims --db FILE list` as well as `claims list --db FILE`


def _open(db: str | None, write: bool = False, create: bool | None = None):
    """The database: created only by a command that writes (unless it writes only into an
    existing one: `create=False`), and said so once it has worked."""
    from claims.db import open_db, resolve_path

    database = open_db(db or _ROOT["db"], create=write if create is None else create, read_only=not write)
    if database.created:
        _ROOT.setdefault("created", []).append((resolve_path(db or _ROOT["db"]), database))
    return database


def _created_databases(kept: bool) -> None:
    """A database this command created: announced if the command worked, else removed again,
    so that a failed first command leaves nothing behind."""
    from pathlib import Path

    from claims import output

    for path, database in _ROOT.pop("created", []):
        if kept:
            output.note(f"created database {path}")
            continue
        database.close()
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)


def _value(enum_value):
    return None if enum_value is None else str(enum_value.value if hasattr(enum_value, "value") else enum_value)


def _target(path: str | None, force: bool):
    from claims.output import Target

    return Target(path, force) if path else None


def _announce(created: list[tuple[str, str]], shown: int = 10) -> None:
    """Say what a command created beside what it was asked to (a topic, a source)."""
    from claims import output

    for what in ("source", "topic"):
        names = [name for kind, name in created if kind == what]
        if not names:
            continue
        more = f" (and {len(names) - shown:,} more)" if len(names) > shown else ""
        plural = "s" if len(names) > 1 else ""
        output.note(f"created {len(names):,} {what}{plural}: " + ", ".join(names[:shown]) + more
                    if len(names) > 1 else f"created {what} {names[0]}")


def _render_list(read, count, fmt: str, columns: list[str], title: str, limit: int | None = None,
                 output=None, noun: str = "rows") -> None:
    """A list command's rows: a table reads only the rows it shows, and says how many it left
    out; the other formats, and an explicit --limit (0: all), get every row asked for."""
    from claims import output as out
    from claims import queries

    if limit is None and fmt == "table":
        rows, total = queries.first_rows(read, count, out.TABLE_ROWS)
        return out.render(rows, fmt, columns=columns, title=title, total=total)
    out.render(read(limit=limit or None), fmt, columns=columns, title=title, show_all=True, output=output, noun=noun)


def _check_output(fmt, output: str | None) -> None:
    if str(_value(fmt)) == "xlsx" and not output:
        raise ClaimsError("xlsx needs --output FILE")


def _dates(**dates) -> dict:
    from claims.dates import parse_date

    try:
        return {name: parse_date(text, f"--{name.replace('_', '-')}") for name, text in dates.items()}
    except ValueError as error:
        raise ClaimsError(str(error)) from None


CLAIM_TABLE = ["id", "topic", "source", "admiralty", "figure", "status", "as_of", "via"]
SOURCE_TABLE = ["name", "type", "side", "reliability", "aliases", "claims"]
TOPIC_TABLE = ["key", "title", "unit", "kind", "claims", "sources"]


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
    from claims import output, store
    from claims.models import SourceIn, build

    spec = build(SourceIn, name=name, type=_value(type), side=side, reliability=_value(reliability),
                 aliases=alias or [], notes=notes, url=url)
    store.add_source(_open(db, write=True), spec)
    output.say(f"added source {spec.name}")


@command(sources_app, "list")
def sources_list(type: TypeFilter = None, side: SideFilter = None, format: FormatOpt = Format.table,
                 db: DbOpt = None):
    """List sources with their Admiralty reliability and claim counts.

    Examples:
      claims sources list
      claims sources list --type milblogger --side ru -f csv
    """
    from claims import queries

    database, filters = _open(db), dict(type=_value(type), side=side)
    _render_list(partial(queries.list_sources, database, **filters),
                 partial(queries.count_sources, database, **filters),
                 _value(format), SOURCE_TABLE, "sources", noun="sources")


@command(sources_app, "show")
def sources_show(name: SourceArg, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one source: its fields, aliases, claims by status, record, history.

    Examples:
      claims sources show DeepState
      claims sources show deepstatemap -f json
    """
    from claims import credibility, output

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
    from claims import credibility, output

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
    from claims import credibility, output, report

    with output.progress("learning whom to trust") as bar:
        ranked = credibility.rank(_open(db), type=_value(type), side=side, progress=bar)
    report.render_rank(ranked, _value(format))


# ---------------------------------------------------------------- topics

@command(topics_app, "add")
def topics_add(
    key: TopicArg,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT")] = None,
    unit: Annotated[str | None, typer.Option(
        "--unit", metavar="UNIT", help="Canonical unit: km, mi, km2, %, USD, soldiers/day...")] = None,
    kind: Annotated[TopicKind | None, typer.Option("--kind", help="level, cumulative, rate or change.")] = None,
    db: DbOpt = None,
):
    """Add a topic with its unit and kind.

    Examples:
      claims topics add pokrovsk/distance-to-front --unit km --kind level
      claims topics add kursk/territory-change --unit km2 --kind change
    """
    from claims import output, store

    topic = store.add_topic(_open(db, write=True), key, title=title, unit=unit, kind=_value(kind))
    output.say(f"added topic {topic['key']} ({topic['unit'] or 'unit from its first figure'}, {topic['kind']})")


@command(topics_app, "list")
def topics_list(format: FormatOpt = Format.table, db: DbOpt = None):
    """List topics with their unit, kind and counts.

    Examples:
      claims topics list
      claims topics list -f json > topics.json
    """
    from claims import queries

    database = _open(db)
    _render_list(partial(queries.list_topics, database), partial(queries.count_topics, database),
                 _value(format), TOPIC_TABLE, "topics", noun="topics")


@command(topics_app, "show")
def topics_show(key: TopicArg, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one topic.

    Examples:
      claims topics show pokrovsk/distance-to-front
      claims topics show pokrovsk/distance-to-front -f json
    """
    from claims import output, queries

    row = queries.topic_detail(_open(db), key)
    if _value(format) != "table":
        return output.render([row], _value(format))
    output.record(row, title=f"topic {key}")


@command(topics_app, "edit")
def topics_edit(
    key: TopicArg,
    why: WhyOpt,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT")] = None,
    unit: Annotated[str | None, typer.Option("--unit", metavar="UNIT")] = None,
    kind: Annotated[TopicKind | None, typer.Option("--kind")] = None,
    db: DbOpt = None,
):
    """Correct a topic's title, unit or kind (a unit must measure the same thing).

    Examples:
      claims topics edit pokrovsk/distance-to-front --unit mi --why "in miles"
      claims topics edit kursk/territory --kind change --why "net gains"
    """
    from claims import output, store

    topic = store.edit_topic(_open(db, write=True), key, why, title=title, unit=unit, kind=_value(kind))
    output.say(f"updated topic {topic['key']} ({topic['unit']}, {topic['kind']})")


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
    from claims import output, store
    from claims.models import new_claim

    flags = {name: fields.pop(name) for name in ("new_topic", "new_source", "allow_future")}
    fields["via"], fields["tags"] = fields["via"] or [], fields["tags"] or []
    claim = new_claim(topic=topic, source=source, figure=figure, **{k: _value(v) if hasattr(v, "value") else v
                                                                     for k, v in fields.items()})
    result = store.add_claim(_open(db, write=True), claim, **flags)
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
    from claims import credibility, output

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
    format: FormatOpt = Format.table,
    output_file: OutputOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
):
    """List claims, oldest recorded first. ADMIRALTY is reliability + credibility, e.g. B2.

    Examples:
      claims list --topic pokrovsk/distance-to-front
      claims list --since 2025-01 --type official -f csv -o claims.csv
    """
    from claims import queries

    dates = _dates(since=since, until=until)
    database = _open(db)
    filters = dict(topic=topic, source=source, type=_value(type), side=side, status=_value(status),
                   deleted=removed, **dates)
    _render_list(partial(queries.list_claims, database, **filters), partial(queries.count_claims, database, **filters),
                 _value(format), CLAIM_TABLE, "claims", limit, _target(output_file, force), noun="claims")


@command(app, "show")
def show(claim_id: IdArg, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one claim with its history and the evidence its verifications cited.

    Examples:
      claims show s0c02
      claims show s0c02 -f json
    """
    from claims import output, queries

    claim = queries.claim_with_history(_open(db), claim_id)
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
    from claims import credibility as cred
    from claims import output

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
    from claims import credibility, output

    a, b = credibility.link(_open(db, write=True), claim_id, other_id, _value(kind), note)
    output.say(f"linked {a} {_value(kind)} {b}")


@command(app, "rm")
def rm(claim_id: IdArg, why: WhyOpt, db: DbOpt = None):
    """Remove a claim (kept in history; `claims restore ID` brings it back).

    Examples:
      claims rm s0c05 --why "entered twice"
    """
    from claims import output, store

    output.say(f"removed {store.remove_claim(_open(db, write=True), claim_id, why)}")


@command(app, "restore")
def restore(claim_id: IdArg, why: Annotated[str | None, typer.Option("--why", metavar="TEXT")] = None,
            db: DbOpt = None):
    """Bring back a removed claim.

    Examples:
      claims restore s0c05 --why "it was not a duplicate after all"
    """
    from claims import output, store

    output.say(f"restored {store.restore_claim(_open(db, write=True), claim_id, why)}")


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
    from claims import output, queries

    rows = queries.history(_open(db), claim_id, limit)
    output.render(rows, _value(format), title=f"history of {claim_id or 'the database'}", noun="changes")


@command(app, "backup")
def backup(file: Annotated[str, typer.Argument(metavar="FILE", help="A new file for the copy.")], db: DbOpt = None):
    """Copy the database into a new claims file, consistent while others write (SQLite's
    online backup; from a shared PostgreSQL base, one snapshot, for offline work).

    Examples:
      claims backup claims-2025-01-03.db
      claims --db postgresql://claims.newsroom.example/claims backup field.db
    """
    from claims import db as db_mod
    from claims import output

    done = db_mod.backup(_open(db), file)
    output.say(f"backed up {done['claims']} claims to {done['file']} ({done['bytes']:,} bytes)")


@command(app, "check")
def check(db: DbOpt = None):
    """Check the database: SQLite integrity, foreign keys, rows outside the vocabulary;
    on a shared PostgreSQL base, warn when acknowledged writes could be lost at a failover.

    Examples:
      claims check
      claims check --db colleague.db
    """
    from claims import output, queries

    database = _open(db)
    for warning in queries.durability_warnings(database):
        output.note(f"warning: {warning}")
    problems = queries.problems(database)
    for problem in problems:
        output.say(problem)
    if problems:
        raise ClaimsError(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
    output.say("ok: integrity, foreign keys and vocabulary all check out")


@command(app, "import")
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help=(
        "CSV, JSON array or JSON Lines, with the keys of `list --format json`; - reads standard input."))],
    format: Annotated[FileFormat | None, typer.Option("--format", "-f", help="Default: from the extension.")] = None,
    new_topic: Annotated[bool, typer.Option(
        "--new-topic", help="Create topics even if a key is close to a known one.")] = False,
    new_source: Annotated[bool, typer.Option(
        "--new-source", help="Create sources even if a name is close to a known one.")] = False,
    allow_future: Annotated[bool, typer.Option("--allow-future", help="Accept dates after today.")] = False,
    db: DbOpt = None,
):
    """Import claims, all or nothing; the topics and sources it creates are named on stderr.

    Examples:
      claims import ucdp-ged.jsonl --new-topic
      claims export -f jsonl --db mine.db | claims import - -f jsonl
    """
    from claims import importing, output

    database = _open(db, write=True)
    with output.progress(f"importing {'standard input' if file == '-' else file}") as bar:
        counts = importing.import_claims(database, file, _value(format), progress=bar, allow_future=allow_future,
                                        new_topics=new_topic, new_sources=new_source)
    _announce(counts["created"])
    output.say(f"imported {counts['imported']} claims ({counts['unchanged']} already present, "
               f"{counts['sources_created']} new sources, {counts['topics_created']} new topics)")


@command(app, "export")
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help=(
        "csv, json, jsonl, or claimreview (schema.org JSON-LD)."))] = ExportFormat.jsonl,
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
    from claims import output, queries

    if _value(format) == "claimreview":
        from claims import credibility, report

        reviewed = credibility.reviewed_claims(_open(db))
        return report.render_claim_reviews(reviewed, reviewer, review_url, _target(output_file, force))
    rows = queries.list_claims(_open(db), topic=topic, source=source)
    output.render(rows, _value(format), output=_target(output_file, force), noun="claims")


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
    db: DbOpt = None,
):
    """Propose one candidate claim per figure in an article, with who said it and through whom.

    With a database, candidates take its topics for the same quantity, and one already
    stored (same source, topic, figure and quote) is marked and never added twice.

    Examples:
      claims extract article.txt --outlet "Euromaidan Press" --review
      claims extract article.html -f jsonl > candidates.jsonl
    """
    from claims import intake, output, readers
    from claims import review as reviewing

    date = _dates(date=date)["date"]
    text = readers.read_input(file)
    database = _open(db, write=True) if apply or review else _existing(db)
    proposal = intake.propose(database, text, outlet=outlet, dateline=date)
    if review:
        proposal = reviewing.review(proposal, text, *reviewing.terminal_prompts())
    if apply or review:
        return _added(intake.apply(database, proposal.candidates, name=f"extract {file}"))
    output.render(proposal.candidates, _value(format), columns=EXTRACT_TABLE, title=f"candidate claims in {file}",
                  noun="candidates")


def _existing(db: str | None):
    """The database if there is one (its topics and sources help); a read never creates one."""
    from claims.db import resolve_path
    from claims.errors import OutOfDate
    from claims.postgres import is_address

    path = resolve_path(db or _ROOT["db"])
    if is_address(path):
        try:
            return _open(db)
        except OutOfDate:  # a shared base not made yet: extraction works without one
            return None
    return _open(db) if path == ":memory:" or os.path.exists(path) else None


def _added(counts: dict) -> None:
    from claims import output

    _announce(counts["created"])
    skipped = f"; {counts['skipped']} already stored, not added again" if counts["skipped"] else ""
    if not counts["imported"]:
        return output.say(f"nothing added{skipped}")
    output.say(f"added {counts['imported']} claims ({counts['sources_created']} new sources, "
               f"{counts['topics_created']} new topics){skipped}")


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
    from claims import compare, output, report

    fmt, target = _value(options["format"]), _target(options["output_file"], options["force"])
    _check_output(fmt, options["output_file"])
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
    from claims import compare, output, report

    fmt, target = _value(options["format"]), _target(options["output_file"], options["force"])
    _check_output(fmt, options["output_file"])
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
    from claims import compare, output, report

    with output.progress("comparing") as bar:
        found = compare.dossier(_open(db), topics or [], conflicting=conflicts, progress=bar, **options)
    report.render_dossier(found, _target(output_file, force))


@command(app, "serve")
def serve(
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, metavar="PORT")] = 8001,
    db: DbOpt = None,
):
    """Browse the database in Datasette, read-only: the claims with their sources and
    figures in each topic's unit, topics in conflict, search over quotes. Needs the
    optional extra: pip install 'claims[serve]'.

    Examples:
      claims serve
      claims serve --port 8080 --db team.db
    """
    from claims import serving
    from claims.db import resolve_path

    serving.check_installed()
    _open(db).close()  # a database that exists and is current (a read never upgrades one)
    raise typer.Exit(serving.serve(resolve_path(db or _ROOT["db"]), host, port))


@command(app, "learn")
def learn(db: DbOpt = None):
    """Learn whom to trust from the whole database and keep it: the weights `--policy truth`
    and `sources rank` use. A read that finds them out of date works them out again for
    itself, and keeps nothing.

    Examples:
      claims learn
      claims --db team.db learn
    """
    from claims import learning, output

    with output.progress("learning whom to trust") as bar:
        counts = learning.learn(_open(db, write=True, create=False), progress=bar)
    output.say(f"learned the weights of {counts['sources']:,} sources from {counts['claims']:,} claims")


@command(app, "demo")
def demo(db: DbOpt = None):
    """Load the two seed articles' claims and show what the tool is for.

    Examples:
      claims demo
      claims demo --db /tmp/try.db
    """
    from claims import demo as demo_mod
    from claims import report
    from claims.db import resolve_path

    result = demo_mod.run(_open(db, write=True))
    report.demo(result, resolve_path(db or _ROOT["db"]), demo_mod.ARTICLE)


def main():
    app()


if __name__ == "__main__":
    main()
