"""Credibility, as operations: verifying a claim, linking claims, marking a source as
copying another, a source's dossier and track record, the ranking of sources, and the
claims a fact-checker has reviewed. The rules are in `voices` (independence, grades) and
`record` (track records); every read is in `queries`, every write in `store`.
"""

from typing import NamedTuple

from claims.basics.errors import ClaimsError
from claims.basics.vocab import REVIEW_RATING
from claims.operations import recording
from claims.rules.record import by_month, rank_row, track_record
from claims.rules.voices import voices
from claims.storage import queries, store
from claims.storage.db import write

# ---------------------------------------------------------------- verification


def verify(db, claim_id: str, status: str, note: str, credibility: int | None = None,
           evidence: list[str] | None = None) -> dict:
    """Record a verification: who, when, why and the evidence; status and credibility change with it."""
    full = queries.resolve_id(db, claim_id)
    if not note or not note.strip():
        raise ClaimsError("a verification needs --note: why")
    if status == "corroborated":
        require_corroboration(db, full)
    changes = {"status": status, **({"credibility": credibility} if credibility is not None else {})}
    store.verify_claim(db, full, changes, note, evidence)
    return queries.get_claim(db, full)


def edit(db, claim_id: str, changes: dict, why: str, **options) -> dict:
    """Change a claim's fields as `recording.edit_claim` does, holding an edit to `corroborated`
    to the rule `verify` applies."""
    if changes.get("status") == "corroborated":
        current = queries.get_claim(db, claim_id)
        if current["status"] != "corroborated":
            require_corroboration(db, current["id"])
    return recording.edit_claim(db, claim_id, changes, why, **options)


def require_corroboration(db, claim_id: str) -> None:
    """`corroborated` needs a linked claim from another voice: relays and copies do not count."""
    if not independent_corroboration(db, claim_id):
        raise ClaimsError(f"claim {claim_id} cannot be corroborated: link a claim from an independent source first "
                          f"(claims link {claim_id} OTHER --as corroborates)")


def independent_corroboration(db, claim_id: str) -> list[str]:
    """Claims linked as corroborating this one that speak with another voice."""
    linked = [b if a == claim_id else a for a, b, kind in queries.links_among(db, [claim_id])
              if kind == "corroborates"]
    if not linked:
        return []
    rows = queries.claim_sources(db, [claim_id, *linked])
    keys = voices(rows, queries.source_roots(db), queries.links_among(db, [r["id"] for r in rows]))
    return [other for other in linked if keys.get(other) != keys[claim_id]]


def link(db, claim_id: str, other_id: str, kind: str, note: str | None = None) -> tuple[str, str]:
    a, b = queries.resolve_id(db, claim_id), queries.resolve_id(db, other_id)
    if a == b:
        raise ClaimsError("a claim cannot be linked to itself")
    store.add_link(db, a, b, kind, note)
    return a, b


def edit_source(db, name: str, changes: dict, why: str, copies: str | None = None) -> dict:
    """Change a source and, if asked, mark it as copying another: all or nothing."""
    with write(db):
        source = recording.edit_source(db, name, changes, why)
        if copies:
            mark_copying(db, source["name"], copies, why)
    return source


def mark_copying(db, name: str, original: str, why: str) -> None:
    """Mark a source as copying another: its claims stop counting as independent."""
    source, target = queries.get_source(db, name), queries.get_source(db, original)
    if source["id"] == target["id"]:
        raise ClaimsError("a source cannot copy itself")
    if queries.source_roots(db).get(target["id"], target["id"]) == source["id"]:
        raise ClaimsError(f"{target['name']} already copies {source['name']}")
    store.set_copies(db, source, target, why)


# ---------------------------------------------------------------- track records

def source_dossier(db, name: str) -> dict:
    """One source as `sources show` gives it: fields, aliases, claims by status, its track
    record, the record month by month, and its history."""
    detail = queries.source_detail(db, name)
    months = by_month(queries.statuses_by_month(db, queries.get_source(db, name)["id"]))
    return {**detail, "record": track_record(detail["by_status"]), "over_time": months}


class Ranked(NamedTuple):
    rows: list[dict]
    weights_stored: bool  # False: the learned weights shown were worked out now, and not kept


def rank(db, type: str | None = None, side: str | None = None, progress=None, learned: bool = True) -> Ranked:
    """Every source with its record, its suggested grade beside the analyst's, and (unless
    not `learned`) its learned weight."""
    from claims.operations import learning

    weights = learning.weights(db, progress) if learned else learning.Learned({}, None)
    sources = queries.status_counts(db, type=type, side=side)
    rows = [rank_row(entry, weights.weights.get(source_id)) for source_id, entry in sources.items()]
    rows.sort(key=lambda r: (-r["score"], -r["settled"], r["name"].lower()))
    return Ranked(rows, weights.stored)


# ---------------------------------------------------------------- reviewed claims

def reviewed_claims(db) -> list[tuple[dict, str]]:
    """(claim, the day its status was last set) for every claim a review can rate."""
    return [(row, queries.status_set_on(db, row)) for row in queries.list_claims(db) if row["status"] in REVIEW_RATING]
