"""`claims topics ...`: the quantities claims are about."""

from typing import Annotated

import typer

from claims.basics.formats import Format
from claims.basics.vocab import TopicKind
from claims.cli.app import command, topics_app
from claims.cli.common import TOPIC_TABLE, DbOpt, FormatOpt, TopicArg, WhyOpt, _open, _render_list, _value

TABLE = Format("table")  # the default format, read once

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
    from claims.operations import recording
    from claims.output import output

    topic = recording.add_topic(_open(db, write=True), key, title=title, unit=unit, kind=_value(kind))
    output.say(f"added topic {topic['key']} ({topic['unit'] or 'unit from its first figure'}, {topic['kind']})")


@command(topics_app, "list")
def topics_list(format: FormatOpt = Format.table, db: DbOpt = None):
    """List topics with their unit, kind and counts.

    Examples:
      claims topics list
      claims topics list -f json > topics.json
    """
    _render_list(_open(db), "topics", _value(format), TOPIC_TABLE, "topics", noun="topics")


@command(topics_app, "show")
def topics_show(key: TopicArg, format: FormatOpt = Format.table, db: DbOpt = None):
    """Show one topic.

    Examples:
      claims topics show pokrovsk/distance-to-front
      claims topics show pokrovsk/distance-to-front -f json
    """
    from claims.operations import browsing
    from claims.output import output

    row = browsing.topic(_open(db), key)
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
    """Correct a topic's title, unit or kind (a unit must fit every live claim of the topic).

    Examples:
      claims topics edit pokrovsk/distance-to-front --unit mi --why "in miles"
      claims topics edit kursk/territory --kind change --why "net gains"
    """
    from claims.operations import recording
    from claims.output import output

    topic = recording.edit_topic(_open(db, write=True), key, why, title=title, unit=unit, kind=_value(kind))
    output.say(f"updated topic {topic['key']} ({topic['unit']}, {topic['kind']})")


@command(topics_app, "rename")
def topics_rename(key: TopicArg, new_key: Annotated[str, typer.Argument(metavar="NEW", help="The new key.")],
                  why: WhyOpt, db: DbOpt = None):
    """Give a topic a new key; its claims and its history go with it.

    Examples:
      claims topics rename kursk/front kursk/front-line --why "one naming scheme"
      claims topics rename kursk/territory kursk/territory-change --why "a change"
    """
    from claims.operations import recording
    from claims.output import output

    topic = recording.rename_topic(_open(db, write=True), key, new_key, why)
    output.say(f"renamed topic {key} to {topic['key']}")


@command(topics_app, "merge")
def topics_merge(key: TopicArg, into: Annotated[str, typer.Argument(metavar="INTO", help="The topic to keep.")],
                 why: WhyOpt, db: DbOpt = None):
    """Move every claim of topic KEY into topic INTO (their units must fit), then remove KEY.

    Examples:
      claims topics merge kursk/front kursk/front-line --why "the same quantity"
      claims topics merge bakhmut/killed bakhmut/soldiers-killed --why "one topic"
    """
    from claims.operations import recording
    from claims.output import output

    merged = recording.merge_topics(_open(db, write=True), key, into, why)
    output.say(f"moved {_claims(merged['claims'])} from topic {key} into {into}; {key} is removed "
               f"(claims topics restore {key} brings it back, empty)")


@command(topics_app, "rm")
def topics_rm(key: TopicArg, why: WhyOpt,
              force: Annotated[bool, typer.Option("--force", help="Remove its live claims with it.")] = False,
              db: DbOpt = None):
    """Remove a topic (kept: `topics restore` brings it back); one with live claims only with --force.

    Examples:
      claims topics rm pokrovsk/test --why "made by mistake"
      claims topics rm kursk/rumours --force --why "nothing here can be sourced"
    """
    from claims.operations import recording
    from claims.output import output

    removed = recording.remove_topic(_open(db, write=True), key, why, force=force)
    with_claims = f" and its {_claims(removed['claims'], 'live claim')}" if removed["claims"] else ""
    output.say(f"removed topic {key}{with_claims} (claims topics restore {key} brings {'them' if with_claims else 'it'}"
               " back)")


@command(topics_app, "restore")
def topics_restore(key: TopicArg, why: Annotated[str | None, typer.Option("--why", metavar="TEXT")] = None,
                   db: DbOpt = None):
    """Bring back a removed topic, with the claims removed with it.

    Examples:
      claims topics restore pokrovsk/test
      claims topics restore kursk/rumours --why "sourced after all"
    """
    from claims.operations import recording
    from claims.output import output

    restored = recording.restore_topic(_open(db, write=True), key, why)
    output.say(f"restored topic {key}" + (f" and {_claims(restored['claims'])}" if restored["claims"] else ""))


def _claims(n: int, noun: str = "claim") -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


@command(topics_app, "history")
def topics_history(key: TopicArg, format: FormatOpt = TABLE, db: DbOpt = None):
    """The trail of changes to one topic, under every key it has had.

    Examples:
      claims topics history pokrovsk/distance-to-front
      claims topics history pokrovsk/distance-to-front -f json
    """
    from claims.operations import browsing
    from claims.output import output

    rows = browsing.topic_history(_open(db), key)
    output.render(rows, _value(format), title=f"history of topic {key}", noun="changes",
                  columns=["at", "who", "topic", "action", "field", "old", "new", "why"])
