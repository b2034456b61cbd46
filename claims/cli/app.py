"""The Typer application: one line on stderr for every failure, never a traceback; arguments
named in words; each command's examples printed last by --help."""

import inspect
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from claims.basics.errors import ClaimsError
from claims.cli.common import DbOpt, Session, _created_databases, _version


class ClaimsGroup(TyperGroup):
    """Turns every failure into one line on stderr and an exit code: never a traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer._click import exceptions as click_errors  # Typer's own vendored Click

        from claims.cli import quick_coercion
        from claims.output import output

        quick_coercion.install()
        session = extra.pop("obj", None) or Session()  # ctx.obj: outlives the context, for the faults below
        try:
            _check_bytes(sys.argv[1:] if args is None else args)
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False, obj=session, **extra)
            _created_databases(session, kept=result in (None, 0))
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
            _created_databases(session, kept=False)
            output.error(str(error))
            sys.exit(error.exit_code)
        except KeyboardInterrupt:  # one that came before Typer could catch it
            result = 130
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except Exception as error:  # a bug in claims, not in the user's input
            from claims.operations import database

            if found := database.fault(error, session.opened):  # or the machine's: a full disk, a lock held too long
                _created_databases(session, kept=False)
                output.error(str(found))
                sys.exit(found.exit_code)
            if _debug():
                raise
            output.error(f"internal error: {type(error).__name__}: {error} (set CLAIMS_DEBUG=1 for details)")
            sys.exit(70)
        if result == 130:  # Ctrl-C, which Typer turns into a silent exit 130
            output.error("interrupted; what was accepted before it is kept" if session.keeps_as_it_goes
                         else "interrupted; nothing was written by the unfinished command")
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


def _check_bytes(args) -> None:
    """An argument with bytes that are not text (Python keeps them as lone surrogates) is
    refused up front, with its place, before it could reach a file name or the database."""
    from claims.basics.errors import BadArgumentBytes

    for number, arg in enumerate(args, 1):
        if isinstance(arg, str) and (bad := next((c for c in arg if "\udc80" <= c <= "\udcff"), None)):
            raise BadArgumentBytes(f"argument {number} is not UTF-8 text (byte {ord(bad) - 0xDC00:#04x}): "
                                   "retype it, or convert it to UTF-8")


def _argument_name(param) -> str:
    return param.metavar or param.name.upper()


def _debug() -> bool:

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


@app.callback()
def root(
    ctx: typer.Context,
    db: DbOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
):
    """Track conflicting claims: who said what, through whom, how sure; compare the figures."""
    ctx.obj.db = db  # `claims --db FILE list` as well as `claims list --db FILE`


