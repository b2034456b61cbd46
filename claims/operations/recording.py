"""Recording, one thing at a time: a claim added or edited, a source or topic created or
corrected, a topic renamed, merged, removed or brought back, a claim removed or restored.

What may be stored is decided here: the claim validated, its figure read, its dates and sign
checked, its source and topic found or created (a likely typo refused, never created in
silence), a unit checked against the claims it must fit. The store then writes the rows and
their history, nothing else; the whole of one recording is one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.basics.dates import now
from claims.basics.errors import ClaimsError
from claims.figures.units import base_factor, canonical_unit, describe, dimension, fits, is_bare
from claims.rules.claim import (
    EDITABLE,
    FIGURE_FIELDS,
    check_source_matches,
    claim_columns,
    figure_of,
    future_problem,
    infer_kind,
    latest_date,
    sign_problem,
    topic_row,
)
from claims.storage import queries, store
from claims.storage.db import write

if TYPE_CHECKING:
    from claims.figures.reading import Figure

# Fields that travel with a new --source only: they describe the source to create.
NEW_SOURCE_FIELDS = ("source_type", "side", "reliability")


# ---------------------------------------------------------------- claims


def record_claim(db, fields: dict, why: str | None = None, **options) -> dict:
    """A claim as typed (`claims add`): validated, then stored as `add_claim` stores it."""
    from claims.rules.models import new_claim

    return add_claim(db, new_claim(**fields), why, **options)


def add_claim(db, claim: dict, why: str | None = None, new_topic: bool = False, new_source: bool = False,
              allow_future: bool = False) -> dict:
    """Store one validated claim. Returns its id, a `warning` if its figure disagrees with
    itself, and what it `created` (("source", name), ("topic", key)), for the caller to announce."""
    figure = _checked_figure(claim, allow_future)
    with write(db):
        if claim["id"] and queries.claim_exists(db, claim["id"]):
            raise ClaimsError(f"claim {claim['id']} already exists")
        source_id, topic, created = _place(db, claim, figure, new_topic, new_source)
        row = claim_columns(claim, figure, topic["id"], source_id)
        store.insert_claim(db, row, why=why, shown=claim["figure"] or claim["quote"])
    return {"id": row["id"], "warning": row["figure_warning"], "created": created}


def edit_claim(db, claim_id: str, changes: dict, why: str, action: str = "edit", new_topic: bool = False,
               new_source: bool = False, allow_future: bool = False) -> dict:
    """Change a claim's fields; one history row per field that changed. The claim comes
    back with what the edit `created` (a topic or source), for the caller to announce."""
    current = queries.get_claim(db, claim_id)
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(EDITABLE) - set(NEW_SOURCE_FIELDS)
    if unknown:
        raise ClaimsError(f"cannot edit {', '.join(sorted(unknown))}")
    claim = _edited(current, changes)
    figure = _checked_figure(claim, allow_future)
    with write(db):
        source_id, topic, created = _place(db, claim, figure, new_topic, new_source)
        new = claim_columns(claim, figure, topic["id"], source_id)
        fields = [(field, current.get(field), claim.get(field)) for field in changes]
        store.update_claim(db, current["id"], new, fields, why, action)
    return {**queries.get_claim(db, current["id"]), "created": created}


def _edited(current: dict, changes: dict) -> dict:
    """The claim as it will be after the changes, validated whole."""
    from claims.rules.models import CLAIM_FIELDS, new_claim

    merged = {k: current[k] for k in CLAIM_FIELDS if k in current and k not in ("admiralty",)}
    merged.update(dict.fromkeys(NEW_SOURCE_FIELDS))
    if set(changes) & set(FIGURE_FIELDS):  # a new figure or new numbers replace the old reading whole
        merged.update(dict.fromkeys(FIGURE_FIELDS), figure=current["figure"] if "figure" not in changes else None)
    merged.update(changes)
    return new_claim(**merged)


def _checked_figure(claim: dict, allow_future: bool):
    """The claim's figure, read; its dates refused if they lie in the future (unless allowed)."""
    figure = figure_of(claim)
    if problem := future_problem(claim, None if allow_future else latest_date()):
        raise ClaimsError(problem)
    return figure


def _place(db, claim: dict, figure, new_topic: bool, new_source: bool) -> tuple[int, dict, list]:
    """The claim's source id and topic (found, or created), its sign checked against the
    topic's kind, and what was created."""
    source_id, source_created = resolve_source(db, claim, new=new_source)
    topic_created = queries.find_topic(db, claim["topic"]) is None
    topic = ensure_topic(db, claim["topic"], figure, new=new_topic)
    if problem := sign_problem(figure, topic["kind"], topic["key"]):
        raise ClaimsError(problem)
    created = [("source", claim["source"])] * source_created + [("topic", topic["key"])] * topic_created
    return source_id, topic, created


def remove_claim(db, claim_id: str, why: str) -> str:
    """Remove a claim (kept, with its history: `restore_claim` brings it back)."""
    full = queries.resolve_id(db, claim_id)
    with write(db):
        if queries.claim_state(db, full)["deleted_at"]:
            raise ClaimsError(f"claim {full} is already removed")
        store.remove_claim(db, full, why)
    return full


def restore_claim(db, claim_id: str, why: str | None = None) -> str:
    """Bring back a removed claim, into a live topic whose unit still fits it."""
    full = queries.resolve_id(db, claim_id)
    with write(db):
        row = queries.claim_state(db, full)
        if not row["deleted_at"]:
            raise ClaimsError(f"claim {full} is not removed")
        _check_restorable(full, row)
        store.restore_claim(db, full, row["deleted_at"], why)
    return full


def _check_restorable(claim_id: str, row: dict) -> None:
    if row["topic_removed"]:
        raise ClaimsError(f"claim {claim_id}'s topic {row['key']!r} was removed: "
                          f"`claims topics restore {row['key']}` brings it back with the claims removed with it")
    if not fits(row["dimension"], row["measured"]):
        raise ClaimsError(f"claim {claim_id} is {describe(row['dimension'])}, and its topic {row['key']!r} is now "
                          f"measured in {row['unit']}: give it another topic first (claims edit {claim_id} "
                          "--topic KEY --why ...)")


# ---------------------------------------------------------------- sources


def add_source(db, name: str, type: str, side: str = "unknown", reliability: str = "F",
               aliases: list[str] | None = None, notes: str | None = None, url: str | None = None,
               why: str | None = None) -> str:
    """A source typed by a person (`claims sources add`), validated; its name as stored."""
    from claims.rules.models import SourceIn, build

    source = build(SourceIn, name=name, type=type, side=side, reliability=reliability, aliases=aliases or [],
                   notes=notes, url=url).model_dump()
    store.add_source(db, source, why=why)
    return source["name"]


def edit_source(db, name: str, changes: dict, why: str) -> dict:
    """Change a source's fields (and add aliases), validated whole; one history row per change."""
    from claims.rules.models import SourceIn, build

    current = queries.get_source(db, name)
    merged = {k: current[k] for k in store.SOURCE_FIELDS}
    merged.update({k: v for k, v in changes.items() if k in store.SOURCE_FIELDS and v is not None})
    new_aliases = changes.get("aliases") or []
    checked = build(SourceIn, **merged, aliases=new_aliases).model_dump()
    with write(db):
        if (other := queries.find_source(db, checked["name"])) and other["id"] != current["id"]:
            raise ClaimsError(f"source {checked['name']!r} already exists")
        for alias in new_aliases:
            if queries.find_source(db, alias):
                raise ClaimsError(f"alias {alias!r} already names a source")
        store.update_source(db, current, checked, new_aliases, why)
    return queries.get_source(db, checked["name"])


def resolve_source(db, claim: dict, cache: dict | None = None, auto_created: bool = False,
                   new: bool = False, names=None) -> tuple[int, bool]:
    """The id of a claim's source, creating it only when the claim gives its type and its
    name is not a likely typo of a known one (unless `new`). `names`: a NearIndex of the
    known names, for many claims at once."""
    key = claim["source"].lower()
    source = cache.get(key) if cache is not None else None
    if source is None:
        source = queries.find_source(db, claim["source"])
    if source is None:
        source, created = _new_source(db, claim, auto_created, new, names), True
    else:
        check_source_matches(source, claim)
        created = False
    if cache is not None:
        cache[key] = source
    return source["id"], created


def _new_source(db, claim: dict, auto_created: bool, new: bool, names) -> dict:
    from claims.rules.models import SourceIn

    if not claim["source_type"]:
        raise ClaimsError(f"unknown source {claim['source']!r}: "
                          "give its type (--source-type / source_type) to create it")
    if not new:
        refuse_near(claim["source"], names or queries.source_names(db), "source", "--new-source")
    spec = SourceIn.model_validate(dict(name=claim["source"], type=claim["source_type"], side=claim["side"],
                                        reliability=claim["reliability"] or "F"))
    why = "suggested by claims extract" if auto_created else "created with a claim"
    source = spec.model_dump()
    return dict(id=store.add_source(db, source, auto_created=auto_created, why=why), **source)


def refuse_near(name: str, names, what: str, flag: str) -> None:
    """A new name one typo away from a known one is refused, never created in silence."""
    close = names.near(name)
    if close:
        raise ClaimsError(f"unknown {what} {name!r}: did you mean {close!r}? ({flag} creates it as written)")


# ---------------------------------------------------------------- topics


def add_topic(db, key: str, title: str | None = None, unit: str | None = None, kind: str | None = None,
              why: str | None = None) -> dict:
    """A new topic; refused if its key is taken, or was removed (restore it instead)."""
    with write(db):
        if queries.find_topic(db, key):
            raise ClaimsError(f"topic {key!r} already exists")
        if queries.removed_topic(db, key):
            raise ClaimsError(f"topic {key!r} was removed: `claims topics restore {key}` brings it back")
        return store.insert_topic(db, topic_row(key, title, unit, kind, now()), why)


def add_topics(db, new: list[tuple[str, str | None]], why: str) -> list[dict]:
    """Topics created at once, `new` as (key, unit) of keys not taken (an import may meet
    tens of thousands)."""
    stamp = now()
    return store.insert_topics(db, [topic_row(key, None, unit, None, stamp) for key, unit in new], why)


def edit_topic(db, key: str, why: str, title=None, unit=None, kind=None) -> dict:
    """Correct a topic's title, unit or kind. A new unit must fit every live claim of the
    topic (a bare number fits any count); with no live claim, any unit will do."""
    topic = queries.get_topic(db, key)
    changes = {}
    if title is not None:
        changes["title"] = title
    if kind is not None:
        changes["kind"] = kind
    if unit is not None:
        unit = canonical_unit(unit)
        check_claims_fit(db, topic, unit)
        changes.update(unit=unit, dimension=dimension(unit), unit_factor=base_factor(unit))
    with write(db):
        store.update_topic(db, topic, changes, why)
    return queries.get_topic(db, key)


def check_claims_fit(db, topic: dict, unit: str, what: str | None = None) -> None:
    """Refuse a unit that a live claim of the topic contradicts, naming one and the way out."""
    wanted = dimension(unit)
    what = what or f"cannot measure topic {topic['key']!r} in {unit}"
    for found, count, example, unit_found in queries.live_dimensions(db, topic["id"]):
        if not fits(found, wanted):
            raise ClaimsError(
                f"{what} ({describe(wanted)}): {count} live claim{'s' * (count != 1)} of it "
                f"{'are' if count != 1 else 'is'} in {unit_found or 'plain numbers'} ({describe(found)}, such as "
                f"{example}); move them to another "
                "topic (claims edit ID --topic KEY --why ...) or remove them (claims rm ID --why ...) first")


def ensure_topic(db, key: str, figure: Figure | None, cache: dict | None = None, new: bool = False,
                 names=None) -> dict:
    """The topic a claim belongs to; created from its first figure if new, unless its key is a
    likely typo of a known one (and not `new`). `names`: a NearIndex of the known keys."""
    topic = cache.get(key) if cache is not None else None
    if topic is None:
        topic = queries.find_topic(db, key)
    if topic is None:
        if not new:
            refuse_near(key, names or queries.topic_names(db), "topic", "--new-topic")
        topic = add_topic(db, key, unit=figure.unit if figure else None, why="created with its first claim")
    if figure is not None:
        topic = _fit_unit(db, topic, figure)
    if cache is not None:
        cache[key] = topic
    return topic


def _fit_unit(db, topic: dict, figure: Figure) -> dict:
    if topic["dimension"] is None:
        # a topic made from claims without numbers takes the unit of its first figure
        if not figure.unit:
            store.set_plain_number(db, topic["id"])
            return queries.get_topic(db, topic["key"])
        return _adopt_unit(db, topic, figure.unit, "unit of its first figure")
    if not fits(figure.dimension, topic["dimension"]):
        raise ClaimsError(
            f"cannot compare {figure.unit or 'a plain number'} ({describe(figure.dimension)}) with topic "
            f"{topic['key']!r}, measured in {topic['unit'] or 'plain numbers'} ({describe(topic['dimension'])}): "
            f"give the claim another --topic, or change the topic's unit (claims topics edit {topic['key']} "
            "--unit UNIT --why ...), which is allowed while no live claim contradicts it")
    if is_bare(topic["dimension"]) and not is_bare(figure.dimension) and figure.unit:
        # "400" came first, "300 soldiers" now: the topic counts soldiers, and "400" fits it
        return _adopt_unit(db, topic, figure.unit, "unit of its first counted figure")
    return topic


def _adopt_unit(db, topic: dict, unit: str, why: str) -> dict:
    """A topic takes a figure's unit; its kind too, unless one other than level (the kind of
    a topic with no unit yet) was given for it: a change stays a change."""
    kind = infer_kind(unit) if topic["kind"] in (None, "level") else topic["kind"]
    return edit_topic(db, topic["key"], why, unit=unit, kind=kind)


def rename_topic(db, key: str, new_key: str, why: str) -> dict:
    """A topic under a new key; its claims go with it, and its history follows (`topic_history`)."""
    topic = queries.get_topic(db, key)
    with write(db):
        if queries.find_topic(db, new_key) or queries.removed_topic(db, new_key):
            raise ClaimsError(f"topic {new_key!r} already exists: `claims topics merge {key} {new_key} --why ...` "
                              "moves the claims into it")
        store.rename_topic(db, topic, new_key, why)
    return queries.get_topic(db, new_key)


def merge_topics(db, key: str, into: str, why: str) -> dict:
    """Every claim of topic `key` (removed ones too) moved into topic `into`, each with a
    history row; `key` is then removed, and `claims topics restore` brings it back, empty."""
    source, target = queries.get_topic(db, key), queries.get_topic(db, into)
    if source["id"] == target["id"]:
        raise ClaimsError(f"cannot merge topic {key!r} into itself")
    if source["unit"]:
        check_claims_fit(db, source, target["unit"] or source["unit"],
                         f"cannot merge topic {key!r} into {into!r}, measured in {target['unit'] or 'no unit yet'}")
    with write(db):
        if target["dimension"] is None and source["unit"]:  # a topic with no unit yet takes the claims' unit
            target = _adopt_unit(db, target, source["unit"], f"unit of topic {key}, merged into it")
        moved = store.merge_topics(db, source, target, why)
    return {"topic": key, "into": into, "claims": moved}


def remove_topic(db, key: str, why: str, force: bool = False) -> dict:
    """Remove a topic (kept, as claims are: `restore_topic` brings it back). One with live
    claims is refused unless `force`, which removes them with it."""
    topic = queries.get_topic(db, key)
    live = queries.live_claim_count(db, topic["id"])
    if live and not force:
        raise ClaimsError(f"topic {key!r} has {live} live claim{'s' * (live != 1)}: move them first "
                          f"(claims topics merge {key} OTHER --why ...), or remove them with it (--force)")
    with write(db):
        removed = store.remove_topic(db, topic, why)
    return {"topic": key, "claims": removed}


def restore_topic(db, key: str, why: str | None = None) -> dict:
    """Bring back a removed topic, and the claims removed with it (not those removed before)."""
    topic = queries.removed_topic(db, key)
    if topic is None:
        queries.get_topic(db, key)  # unknown: says so, with the key meant
        raise ClaimsError(f"topic {key!r} is not removed")
    with write(db):
        if queries.find_topic(db, key):
            raise ClaimsError(f"a topic {key!r} exists again: rename one of them first")
        restored = store.restore_topic(db, topic, why)
    return {"topic": key, "claims": restored}
