"""What the commands share: the options declared once, the database opened the same way
everywhere, and the small helpers that say what a command created."""

import functools
import inspect
import sys
from dataclasses import dataclass, field
from typing import Annotated

import typer

from claims.basics.errors import ClaimsError
from claims.basics.formats import Format, ReportFormat
from claims.basics.vocab import (
    CREDIBILITY_MEANING,
    RELIABILITY_MEANING,
    Likelihood,
    Policy,
    Reliability,
    SourceType,
    Status,
)

ADMIRALTY_HELP = (
    "Admiralty code: source reliability "
    + ", ".join(f"{k} {v}" for k, v in RELIABILITY_MEANING.items())
    + "; information credibility "
    + ", ".join(f"{k} {v}" for k, v in CREDIBILITY_MEANING.items())
    + '. Written together, e.g. "B2".'
)


# ---------------------------------------------------------------- shared options

DbOpt = Annotated[str | None, typer.Option("--db", metavar="FILE", help=(
    "Database file or postgresql:// address (else $CLAIMS_DB, else the per-user default)."))]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SOURCE_TYPES = ", ".join(t.value for t in SourceType)
TypeFilter = Annotated[SourceType | None, typer.Option(
    "--type", metavar="TYPE", help=f"Only sources of this type: {SOURCE_TYPES}.")]
SideFilter = Annotated[str | None, typer.Option(
    "--side", metavar="SIDE", help="Only sources of this side (ua, ru...).")]
ReportOpt = Annotated[ReportFormat | None, typer.Option("--format", "-f", help=(
    "Output format (else from the --output file's ending, else table)."))]
ListFormatOpt = Annotated[Format | None, typer.Option("--format", "-f", help=(
    "Output format (else from the --output file's ending, else table)."))]
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
    ("likelihood", Annotated[Likelihood | None, typer.Option("--likelihood", metavar="BAND", help=(
        "How likely the claimant said it is, an ICD 203 band: " + ", ".join(b.value for b in Likelihood)
        + ' ("probably": likely).'))], None),
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
    ("format", ReportOpt, None),
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

@dataclass
class Session:
    """One command's context (`ctx.obj`): the root --db, the database it opened (where a fault
    of the machine happened), and those it created, to put in place or remove at its end."""

    db: str | None = None
    opened: str | None = None
    created: list = field(default_factory=list)
    keeps_as_it_goes: bool = False  # a review stores each answer at once: a Ctrl-C keeps those


def _session() -> Session:
    """The running command's `ctx.obj` (a bare Session outside a command, e.g. in a test
    that calls a helper directly)."""
    from typer._click.globals import get_current_context  # Typer's vendored Click: click.get_current_context

    ctx = get_current_context(silent=True)
    if ctx is None:
        return Session()
    if not isinstance(ctx.obj, Session):
        ctx.obj = Session()
    return ctx.obj


def _version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        sys.stdout.write(f"claims {version('claims')}\n")
        raise typer.Exit()


def _where(db: str | None) -> str:
    """The database a command means: its --db, else the root's, else CLAIMS_DB or the default."""
    from claims.operations import database

    return database.where(db or _session().db)


def _open(db: str | None, write: bool = False, create: bool | None = None):
    """The database: created only by a command that writes (unless it writes only into an
    existing one: `create=False`), and said so once it has worked."""
    from claims.operations import database

    session = _session()
    session.opened = _where(db)
    opened = database.open(session.opened, write=write, create=write if create is None else create)
    if opened.created:
        session.created.append((session.opened, opened))
    return opened


def _created_databases(session: Session, kept: bool) -> None:
    """A database this command created: put in place and announced if the command worked,
    else its temporary file removed, so that a failed first command leaves nothing behind
    (and never removes a file another command made or wrote to meanwhile)."""
    created, session.created = session.created, []
    if not created:  # the usual case: `--help` and reads load no database code for it
        return
    from claims.operations import database
    from claims.output import output

    for path, opened in created:
        if database.finish(opened, kept):
            output.note(f"created database {path}")


def _value(enum_value):
    return None if enum_value is None else str(enum_value.value if hasattr(enum_value, "value") else enum_value)


def _target(path: str | None, force: bool):
    from claims.output.output import Target

    return Target(path, force) if path else None


def _announce(created: list[tuple[str, str]], shown: int = 10) -> None:
    """Say what a command created beside what it was asked to (a topic, a source)."""
    from claims.output import output

    for what in ("source", "topic"):
        names = [name for kind, name in created if kind == what]
        if not names:
            continue
        more = f" (and {len(names) - shown:,} more)" if len(names) > shown else ""
        plural = "s" if len(names) > 1 else ""
        output.note(f"created {len(names):,} {what}{plural}: " + ", ".join(names[:shown]) + more
                    if len(names) > 1 else f"created {what} {names[0]}")


def _render_list(database, what: str, fmt: str, columns: list[str], title: str, limit: int | None = None,
                 output=None, noun: str = "rows", **filters) -> None:
    """A list command's rows: a table reads only the rows it shows, and says how many it left
    out; the other formats, and an explicit --limit (0: all), get every row asked for."""
    from claims.operations import browsing
    from claims.output import output as out

    if limit is None and fmt == "table":
        rows, total = browsing.listing(database, what, page=out.TABLE_ROWS, **filters)
        return out.render(rows, fmt, columns=columns, title=title, total=total)
    rows, _ = browsing.listing(database, what, limit=limit, **filters)
    out.render(rows, fmt, columns=columns, title=title, show_all=True, output=output, noun=noun)


def _format(given, output_file: str | None, kind: str, default: str = "table") -> str:
    """--format, else the --output file's ending (`-o d.html`), else the default; refused in one
    line when it cannot be written where it is asked to go."""
    from claims.basics.formats import chosen

    return chosen(_value(given), output_file, kind, default)


def _dates(**dates) -> dict:
    from claims.basics.dates import parse_date

    try:
        return {name: parse_date(text, f"--{name.replace('_', '-')}") for name, text in dates.items()}
    except ValueError as error:
        raise ClaimsError(str(error)) from None


CLAIM_TABLE = ["id", "topic", "source", "admiralty", "figure", "status", "as_of", "via"]
SOURCE_TABLE = ["name", "type", "side", "reliability", "aliases", "claims"]
TOPIC_TABLE = ["key", "title", "unit", "kind", "claims", "sources"]


