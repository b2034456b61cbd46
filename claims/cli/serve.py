"""`claims serve` and `claims demo`: browsing the base, and a first look at the tool."""

from typing import Annotated

import typer

from claims.cli.app import app, command
from claims.cli.common import DbOpt, _open, _where


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
    from claims.operations import serving

    serving.check_installed()
    _open(db).close()  # a database that exists and is current (a read never upgrades one)
    raise typer.Exit(serving.serve(_where(db), host, port))


@command(app, "demo")
def demo(db: DbOpt = None):
    """Load the two seed articles' claims and show what the tool is for.

    Examples:
      claims demo
      claims demo --db /tmp/try.db
    """
    from claims.operations import demo as demo_mod
    from claims.output import report

    result = demo_mod.run(_open(db, write=True))
    report.demo(result, _where(db), demo_mod.ARTICLE)


