"""`claims topics ...`: the quantities claims are about."""

from functools import partial
from typing import Annotated

import typer

from claims.basics.formats import Format
from claims.basics.vocab import TopicKind
from claims.cli.app import command, topics_app
from claims.cli.common import TOPIC_TABLE, DbOpt, FormatOpt, TopicArg, WhyOpt, _open, _render_list, _value

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
    from claims.output import output
    from claims.storage import store

    topic = store.add_topic(_open(db, write=True), key, title=title, unit=unit, kind=_value(kind))
    output.say(f"added topic {topic['key']} ({topic['unit'] or 'unit from its first figure'}, {topic['kind']})")


@command(topics_app, "list")
def topics_list(format: FormatOpt = Format.table, db: DbOpt = None):
    """List topics with their unit, kind and counts.

    Examples:
      claims topics list
      claims topics list -f json > topics.json
    """
    from claims.storage import queries

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
    from claims.output import output
    from claims.storage import queries

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
    from claims.output import output
    from claims.storage import store

    topic = store.edit_topic(_open(db, write=True), key, why, title=title, unit=unit, kind=_value(kind))
    output.say(f"updated topic {topic['key']} ({topic['unit']}, {topic['kind']})")


