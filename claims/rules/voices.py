"""Independence and topic grades: which claims speak with one voice, and how far a topic's
claims can be believed together. Pure: claims, source roots and links in, answers out.

Independence is UCDP's distinction between the original claimant and the outlet that
relayed it, carried one step further: claims linked as `relays` or `duplicates`, and
sources marked as copying another, share one voice. Grades follow Airwars (confirmed,
fair, weak, contested, discounted).
"""

from claims.basics.vocab import GRADE_RULE


def roots(parent: dict) -> dict:
    """source id -> the source it ultimately copies (itself if none), from source id ->
    the source it copies; a circle of copies stops where it closes."""

    def root(source_id):
        seen = set()
        while source_id in parent and source_id not in seen:
            seen.add(source_id)
            source_id = parent[source_id]
        return source_id

    return {source_id: root(source_id) for source_id in parent}


def voices(claims: list[dict], roots: dict, links: list[tuple]) -> dict:
    """claim id -> its independent voice, for claims as dicts (`id`, `source_id`)."""
    return voices_of([c["id"] for c in claims], [c["source_id"] for c in claims], roots, links)


def voices_of(ids: list, source_ids: list, roots: dict, links: list[tuple]) -> dict:
    """claim id -> its independent voice: a source's root, merged along relays and duplicates."""
    parent: dict = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    merging = [(a, b) for a, b, kind in links if kind in ("relays", "duplicates")]
    if not merging:  # the common case: a voice is its source's root
        return dict(zip(ids, map(roots.get, source_ids, source_ids)))
    key = {claim_id: ("source", roots.get(source, source)) for claim_id, source in zip(ids, source_ids)}
    for a, b in merging:
        if a in key and b in key:
            ra, rb = find(key[a]), find(key[b])
            if ra != rb:
                parent[ra] = rb
    return {claim_id: find(k) for claim_id, k in key.items()}


def grade(live: list[tuple], keys: dict, links: list[tuple], any_claims: bool = True) -> dict:
    """The topic's grade after Airwars (confirmed, fair, weak, contested, discounted), with
    its rule, from its live claims as (id, status, the claims it conflicts with): those not
    refuted, retracted or superseded."""
    ids = {claim_id for claim_id, _, _ in live}
    confirmed = {claim_id for claim_id, status, _ in live if status == "confirmed"}
    pairs = [(a, b) for a, b, kind in links if kind == "contradicts" and a in ids and b in ids]
    contested, against_confirmed = _cross_voice(live, ids, keys, confirmed, pairs)
    if any_claims and not live:
        name = "discounted"
    elif confirmed and not against_confirmed:
        name = "confirmed"
    elif contested or any(status == "disputed" for _, status, _ in live):
        name = "contested"
    elif len({keys.get(claim_id) for claim_id, _, _ in live}) >= 2:
        name = "fair"
    else:
        name = "weak"
    return {"grade": name, "rule": GRADE_RULE[name]}


def _cross_voice(live, ids, keys, confirmed, contradictions) -> tuple[bool, bool]:
    """(do independent voices conflict or contradict?, does any of that touch a confirmed claim?)"""
    contested = against = False
    for a, b in contradictions:
        if keys.get(a) != keys.get(b):
            contested = True
            against = against or a in confirmed or b in confirmed
    for claim_id, _, conflicts_with in live:
        voice = keys.get(claim_id)
        for other in conflicts_with:
            if other in ids and keys.get(other) != voice:
                contested = True
                against = against or claim_id in confirmed or other in confirmed
                if against or not confirmed:
                    return contested, against  # nothing more can change the grade
    return contested, against
