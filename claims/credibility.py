"""Credibility: verification, links between claims, independence, topic grades,
source track records, and schema.org ClaimReview for fact-checkers.

Independence is UCDP's distinction between the original claimant and the outlet
that relayed it, carried one step further: claims linked as `relays` or
`duplicates`, and sources marked as copying another, share one voice.
"""

import json
import math

from . import queries, store
from .dates import now
from .db import who, write
from .errors import ClaimsError
from .vocab import EXCLUDED_STATUSES, GRADE_RULE, REVIEW_RATING

# ---------------------------------------------------------------- independence


def source_roots(db) -> dict:
    """source id -> the source it ultimately copies (itself if none)."""
    parent = {r[0]: r[1] for r in db.execute("SELECT id, copies_id FROM sources WHERE copies_id IS NOT NULL")}

    def root(source_id):
        seen = set()
        while source_id in parent and source_id not in seen:
            seen.add(source_id)
            source_id = parent[source_id]
        return source_id

    return {source_id: root(source_id) for source_id in parent}


def links_among(db, claim_ids: list[str] | None = None) -> list[tuple]:
    """(claim, other, kind) for links touching these claims (all links if None)."""
    if claim_ids is None:
        return [tuple(r) for r in db.execute("SELECT claim_id, other_id, kind FROM links")]
    marks = json.dumps(list(claim_ids))
    return [tuple(r) for r in db.execute(
        "SELECT claim_id, other_id, kind FROM links WHERE claim_id IN (SELECT value FROM json_each(?)) "
        "OR other_id IN (SELECT value FROM json_each(?))", [marks, marks])]


def links_of_topic(db, topic_id: int) -> list[tuple]:
    """(claim, other, kind) for links touching a topic's claims.

    Walks the links (an analyst's hand work, far fewer than claims) rather than
    handing SQLite the ids of every claim in a big topic.
    """
    return [tuple(r) for r in db.execute(
        "SELECT l.claim_id, l.other_id, l.kind FROM links l "
        "JOIN claims a ON a.id = l.claim_id JOIN claims b ON b.id = l.other_id "
        "WHERE a.topic_id = ? OR b.topic_id = ?", [topic_id, topic_id])]


def voices(claims: list[dict], roots: dict, links: list[tuple]) -> dict:
    """claim id -> its independent voice: a source's root, merged along relays and duplicates."""
    parent: dict = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    merging = [(a, b) for a, b, kind in links if kind in ("relays", "duplicates")]
    if not merging:  # the common case: a voice is its source's root
        return {c["id"]: roots.get(c["source_id"], c["source_id"]) for c in claims}
    key = {c["id"]: ("source", roots.get(c["source_id"], c["source_id"])) for c in claims}
    for a, b in merging:
        if a in key and b in key:
            ra, rb = find(key[a]), find(key[b])
            if ra != rb:
                parent[ra] = rb
    return {claim_id: find(k) for claim_id, k in key.items()}


# ---------------------------------------------------------------- verification

def verify(db, claim_id: str, status: str, note: str, credibility: int | None = None,
           evidence: list[str] | None = None) -> dict:
    """Record a verification: who, when, why and the evidence; status and credibility change with it."""
    full = queries.resolve_id(db, claim_id)
    if not note or not note.strip():
        raise ClaimsError("a verification needs --note: why")
    if status == "corroborated":
        require_corroboration(db, full)
    with write(db):
        current = next(db.query("SELECT status, credibility FROM claims WHERE id = ?", [full]))
        stamp = now()
        changes = {"status": status}
        if credibility is not None:
            changes["credibility"] = credibility
        for field, new in changes.items():
            db.execute(f"UPDATE claims SET {field} = ?, updated = ? WHERE id = ?", [new, stamp, full])
            _record(db, full, "verify", field, current[field], new, note, stamp, evidence)
    return queries.get_claim(db, full)


def _record(db, claim_id, action, field, old, new, why, stamp, evidence=None):
    store.record(db, "claim", claim_id, action, field, None if old is None else str(old),
                 None if new is None else str(new), why, stamp, evidence)


def require_corroboration(db, claim_id: str) -> None:
    """`corroborated` needs a linked claim from another voice: relays and copies do not count."""
    if not independent_corroboration(db, claim_id):
        raise ClaimsError(f"claim {claim_id} cannot be corroborated: link a claim from an independent source first "
                          f"(claims link {claim_id} OTHER --as corroborates)")


def independent_corroboration(db, claim_id: str) -> list[str]:
    """Claims linked as corroborating this one that speak with another voice."""
    linked = [b if a == claim_id else a for a, b, kind in links_among(db, [claim_id]) if kind == "corroborates"]
    if not linked:
        return []
    rows = list(db.query("SELECT id, source_id FROM claims WHERE id IN (SELECT value FROM json_each(?))",
                         [json.dumps([claim_id, *linked])]))
    keys = voices(rows, source_roots(db), links_among(db, [r["id"] for r in rows]))
    return [other for other in linked if keys.get(other) != keys[claim_id]]


def link(db, claim_id: str, other_id: str, kind: str, note: str | None = None) -> tuple[str, str]:
    a, b = queries.resolve_id(db, claim_id), queries.resolve_id(db, other_id)
    if a == b:
        raise ClaimsError("a claim cannot be linked to itself")
    with write(db):
        if list(db.query("SELECT 1 FROM links WHERE claim_id = ? AND other_id = ? AND kind = ?", [a, b, kind])):
            raise ClaimsError(f"{a} is already linked to {b} as {kind}")
        stamp = now()
        db.execute("INSERT INTO links (claim_id, other_id, kind, note, at, who) VALUES (?, ?, ?, ?, ?, ?)",
                   [a, b, kind, note, stamp, who()])
        _record(db, a, "link", kind, None, b, note, stamp)
        _record(db, b, "link", f"{kind} (from)", None, a, note, stamp)
    return a, b


def edit_source(db, name: str, changes: dict, why: str, copies: str | None = None) -> dict:
    """Change a source and, if asked, mark it as copying another: all or nothing."""
    with write(db):
        source = store.edit_source(db, name, changes, why)
        if copies:
            mark_copying(db, source["name"], copies, why)
    return source


def mark_copying(db, name: str, original: str, why: str) -> None:
    """Mark a source as copying another: its claims stop counting as independent."""
    source, target = queries.get_source(db, name), queries.get_source(db, original)
    if source["id"] == target["id"]:
        raise ClaimsError("a source cannot copy itself")
    if source_roots(db).get(target["id"], target["id"]) == source["id"]:
        raise ClaimsError(f"{target['name']} already copies {source['name']}")
    with write(db):
        db.execute("UPDATE sources SET copies_id = ?, updated = ? WHERE id = ?", [target["id"], now(), source["id"]])
        store.record(db, "source", source["id"], "edit", "copies", None, target["name"], why)


# ---------------------------------------------------------------- topic grade

def grade(claims: list[dict], keys: dict, links: list[tuple]) -> dict:
    """The topic's grade after Airwars (confirmed, fair, weak, contested, discounted), with its rule."""
    live = [c for c in claims if c["status"] not in EXCLUDED_STATUSES and "superseded" not in c["flags"]]
    ids = {c["id"] for c in live}
    confirmed = {c["id"] for c in live if c["status"] == "confirmed"}
    pairs = [(a, b) for a, b, kind in links if kind == "contradicts" and a in ids and b in ids]
    contested, against_confirmed = _cross_voice(live, ids, keys, confirmed, pairs)
    if claims and not live:
        name = "discounted"
    elif confirmed and not against_confirmed:
        name = "confirmed"
    elif contested or any(c["status"] == "disputed" for c in live):
        name = "contested"
    elif len({keys.get(c["id"]) for c in live}) >= 2:
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
    for claim in live:
        voice = keys.get(claim["id"])
        for other in claim["conflicts_with"]:
            if other in ids and keys.get(other) != voice:
                contested = True
                against = against or claim["id"] in confirmed or other in confirmed
                if against or not confirmed:
                    return contested, against  # nothing more can change the grade
    return contested, against


# ---------------------------------------------------------------- track records

RECORD_STATUSES = ("confirmed", "corroborated", "disputed", "refuted", "retracted")


def track_record(counts: dict, prior: tuple[float, float] = (1.0, 1.0)) -> dict:
    """A Beta posterior on the share of a source's settled claims that held up.

    Held up: confirmed or corroborated; failed: refuted or retracted; disputed and
    unverified claims are not settled and do not count. Two lucky claims are not two hundred:
    the 90% interval says how much the record can tell.
    """
    good = counts.get("confirmed", 0) + counts.get("corroborated", 0)
    bad = counts.get("refuted", 0) + counts.get("retracted", 0)
    a, b = prior[0] + good, prior[1] + bad
    return {"settled": good + bad, "score": round(a / (a + b), 3),
            "low": round(beta_quantile(0.05, a, b), 3), "high": round(beta_quantile(0.95, a, b), 3),
            "suggested": suggest_grade(good + bad, a / (a + b), beta_quantile(0.05, a, b))}


def suggest_grade(settled: int, score: float, low: float) -> str:
    """An Admiralty reliability grade from the record; too little evidence is F, cannot be judged."""
    if settled < 3:
        return "F"
    if low >= 0.9:
        return "A"
    if score >= 0.8 and low >= 0.6:
        return "B"
    if score >= 0.65:
        return "C"
    if score >= 0.5:
        return "D"
    return "E"


def source_dossier(db, name: str) -> dict:
    """One source as `sources show` gives it: fields, aliases, claims by status, its track
    record, the record month by month, and its history."""
    detail = queries.source_detail(db, name)
    return {**detail, "record": track_record(detail["by_status"]), "over_time": record_over_time(db, name)}


def rank(db, type: str | None = None, side: str | None = None, progress=None) -> list[dict]:
    """Every source with its record, its suggested grade beside the analyst's, and its learned weight."""
    from . import truth

    truth.source_weights(db, progress)  # learn (or reuse) the weights shown beside the record
    where, params = [], []
    for column, value in (("s.type", type), ("s.side", side)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    sql = ("SELECT s.id, s.name, s.type, s.side, s.reliability, c.status, count(c.id) AS n "
           "FROM sources s LEFT JOIN claims c ON c.source_id = s.id AND c.deleted_at IS NULL"
           + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY s.id, c.status")
    sources: dict = {}
    for row in db.query(sql, params):
        entry = sources.setdefault(row["id"], {"name": row["name"], "type": row["type"], "side": row["side"],
                                               "reliability": row["reliability"], "counts": {}})
        if row["status"]:
            entry["counts"][row["status"]] = row["n"]
    weights = {r[0]: (r[1], r[2]) for r in db.execute("SELECT source_id, weight, evidence FROM learned_weights")}
    rows = [_rank_row(source_id, entry, weights.get(source_id)) for source_id, entry in sources.items()]
    rows.sort(key=lambda r: (-r["score"], -r["settled"], r["name"].lower()))
    return rows


def _rank_row(source_id: int, entry: dict, learned) -> dict:
    counts = entry["counts"]
    record = track_record(counts)
    return {
        "name": entry["name"], "type": entry["type"], "side": entry["side"], "claims": sum(counts.values()),
        **{status: counts.get(status, 0) for status in RECORD_STATUSES},
        "settled": record["settled"], "score": record["score"], "low": record["low"], "high": record["high"],
        "suggested": record["suggested"], "grade": entry["reliability"],
        "learned_weight": round(learned[0], 3) if learned else None,
    }


def record_over_time(db, name: str) -> list[dict]:
    """One source's claims by month (of as_of, else reported_on) and status."""
    source = queries.get_source(db, name)
    rows = db.query(
        "SELECT substr(coalesce(dated, created), 1, 7) AS month, status, count(*) AS n FROM claims "
        "WHERE source_id = ? AND deleted_at IS NULL GROUP BY month, status ORDER BY month", [source["id"]])
    months: dict = {}
    for row in rows:
        months.setdefault(row["month"], {"month": row["month"], "claims": 0,
                                         **dict.fromkeys(RECORD_STATUSES, 0)})
        months[row["month"]]["claims"] += row["n"]
        if row["status"] in RECORD_STATUSES:
            months[row["month"]][row["status"]] = row["n"]
    return list(months.values())


# ---------------------------------------------------------------- Beta quantiles (no scipy needed)

def beta_quantile(p: float, a: float, b: float) -> float:
    """The p-quantile of Beta(a, b), by bisection on the regularized incomplete beta function."""
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if incomplete_beta(middle, a, b) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), by Lentz's continued fraction (Numerical Recipes, betacf)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _continued_fraction(x, a, b) / a
    return 1.0 - front * _continued_fraction(1 - x, b, a) / b


def _continued_fraction(x: float, a: float, b: float) -> float:
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-12:
            break
    return h


# ---------------------------------------------------------------- ClaimReview

PEOPLE_TYPES = ("official", "milblogger", "analyst")


def claim_reviews(db, reviewer: str, review_url: str | None = None) -> list[dict]:
    """schema.org ClaimReview JSON-LD for every verified or refuted claim."""
    reviews = []
    for row in queries.list_claims(db):
        if row["status"] not in REVIEW_RATING:
            continue
        reviews.append(claim_review(row, _review_date(db, row), reviewer, review_url))
    return reviews


def _review_date(db, row: dict) -> str:
    found = db.execute("SELECT max(at) FROM history WHERE entity = 'claim' AND entity_id = ? AND field = 'status'",
                       [row["id"]]).fetchone()[0]
    return (found or row["updated"])[:10]


def claim_review(row: dict, reviewed_on: str, reviewer: str, review_url: str | None) -> dict:
    value, label = REVIEW_RATING[row["status"]]
    text = row["quote"] or f"{row['source']}: {row['figure']}"
    author_type = "Person" if row["source_type"] in PEOPLE_TYPES and len(row["source"].split()) >= 2 else "Organization"
    item = {"@type": "Claim", "author": {"@type": author_type, "name": row["source"]},
            "datePublished": row["reported_on"] or row["as_of"]}
    if row["url"]:
        item["appearance"] = [{"@type": "CreativeWork", "url": row["url"]}]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": row["url"]}
    return {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": f"{review_url.rstrip('#')}#{row['id']}" if review_url else f"urn:claims:{row['id']}",
        "claimReviewed": _short(text, 74),
        "datePublished": reviewed_on,
        "author": {"@type": "Organization", "name": reviewer},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": label},
        "itemReviewed": {k: v for k, v in item.items() if v is not None},
    }


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
