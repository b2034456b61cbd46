"""The rules of a comparison: the claims on one topic as intervals in its unit, flagged,
checked for conflicts, graded, and reduced to a consensus by a named policy. Pure: rows
in, a result out; every read is the caller's.

Each claim is an interval in the topic's unit ("within 1 mile" is [open, 1.61] km; "at
least 20,000" is [20000, open)). Two claims conflict when their intervals miss each
other by more than a relative tolerance. The consensus is chosen by a named policy,
after ACLED (the most conservative figure), UCDP (low / best / high), the Admiralty code
(weighted by reliability and credibility), or learned trust (`truth`).
"""

import bisect
import datetime
import math
import re
from functools import partial
from operator import itemgetter
from statistics import median
from typing import TypedDict

from . import truth
from .claim import tidy
from .errors import ClaimsError
from .vocab import CREDIBILITY_WEIGHT, EXCLUDED_STATUSES, RELIABILITY_WEIGHT, TIMED_KINDS, admiralty
from .voices import grade, voices


class ComparedClaim(TypedDict, total=False):
    """One claim as a comparison works on it: a row of `queries.CLAIMS_SQL` (low, value and
    high in the topic's unit), then its flags and the claims it conflicts with. `public`
    gives the keys shown and exported."""

    id: str
    seq: int  # the order recorded
    source_id: int
    source: str
    source_type: str
    side: str
    reliability: str
    credibility: int
    status: str
    as_of: str | None
    dated: str | None
    figure: str | None
    quote: str | None
    url: str | None
    low: float | None
    value: float | None
    high: float | None
    vague: str | None
    figure_warning: str | None
    flags: list[str]
    conflicts_with: list[str]  # the first MAX_LISTED; conflict_count is exact
    conflict_count: int


class Comparison(TypedDict):
    """One topic's comparison, ready to render in any format."""

    topic: str
    title: str | None
    unit: str | None
    kind: str
    policy: str
    basis: str
    tolerance: float
    window: dict | None  # {start, end, days} for levels and totals; None for rates
    consensus: dict  # {value, low, high}
    spread: float | str | None  # max / min of the best values; "inf" past zero
    digits: int  # significant digits the figures were written with
    claims_count: int
    independent_sources: int
    grade: dict  # {grade, rule}, after Airwars
    conflicts: list[dict]  # the most severe pairs: {a, b, ratio}
    conflict_pairs: int
    severity: float | str | None
    claims: list[ComparedClaim]


class ConflictRow(TypedDict):
    """One topic's line in `conflicts`."""

    topic: str
    unit: str | None
    claims: int
    sources: int
    conflicting_claims: int
    conflict_pairs: int
    severity: float | str | None
    grade: str | None
    policy: str
    consensus: float | None



MAX_LISTED = 10  # ids listed per claim in `conflicts_with`; the count is always exact


POLICY_BASIS = {
    "conservative": "lowest credible figure (ACLED)",
    "range": "lowest low, median best, highest high (UCDP low / best / high)",
    "median": "median of the claims",
    "weighted": "weighted median, weights from Admiralty reliability x credibility, one vote per source",
    "truth": "truth discovery: the best-supported figure, each claim weighted by its source's learned record, "
             "its Admiralty code and its verification (confirmed x2, corroborated x1.5, disputed x0.5)",
}


EMPTY_CONTEXT = {"roots": {}, "links": [], "weights": None}


def assess(topic: dict, rows: list[dict], policy: str, tolerance: float, window: int,
           as_of: str | None, ctx: dict | None = None, list_pairs: bool = True) -> Comparison:
    """One topic's comparison. Without `list_pairs`, the worst pairs are not listed
    (their severity still is): what `conflicts` needs for every topic at once."""
    check_options(tolerance, window)
    claims, span, active = prepare(topic, rows, window, as_of)
    return _verdict(topic, claims, span, active, policy, tolerance, ctx or EMPTY_CONTEXT, list_pairs)


def prepare(topic: dict, rows: list[dict], window: int, as_of: str | None) -> tuple[list, dict | None, list]:
    """The claims in the window, flagged, and those among them whose figures still count."""
    claims, span = _in_window(topic, rows, window, as_of)
    for claim in claims:
        claim["conflicts_with"], claim["conflict_count"] = [], 0
        # most claims carry no flag, and one test says so without a call
        plain = (claim["value"] is not None and claim["dated"] and claim["status"] not in EXCLUDED_STATUSES
                 and not claim["vague"] and not claim["figure_warning"])
        claim["flags"] = [] if plain else _first_flags(claim)
    if topic["kind"] in TIMED_KINDS:
        _flag_superseded(claims)
    active = [c for c in claims if still_counts(c["value"], c["status"], "superseded" in c["flags"])]
    return claims, span, active


def still_counts(value, status: str, is_superseded: bool) -> bool:
    """Whether a figure counts towards conflicts and a consensus: it has a number, was not
    refuted or retracted, and is not superseded. One rule, for claims and for raw rows."""
    return value is not None and status not in EXCLUDED_STATUSES and not is_superseded


def superseded(value, dated: str | None, newest: str | None) -> bool:
    """An older figure from a source that has since given a newer one (levels and totals)."""
    return value is not None and bool(dated) and bool(newest) and dated < newest


def _verdict(topic: dict, claims: list[ComparedClaim], span, active: list[ComparedClaim], policy: str,
             tolerance: float, ctx: dict, list_pairs: bool) -> Comparison:
    pairs = find_conflicts(active, tolerance, list_pairs)
    voice_of = voices(claims, ctx["roots"], ctx["links"])
    counted = _once_each(active, voice_of)
    return {
        "topic": topic["key"], "title": topic["title"], "unit": topic["unit"], "kind": topic["kind"],
        "policy": policy, "basis": POLICY_BASIS[policy], "tolerance": tolerance,
        "window": span,
        "consensus": consensus(counted, policy, ctx, voice_of),
        "spread": _spread([c["value"] for c in counted]),
        "digits": digits_written(counted),
        "claims_count": len(claims),
        "independent_sources": len(set(voice_of.values())),
        "grade": grade(claims, voice_of, ctx["links"]) if claims else NOTHING_GRADED,
        "conflicts": pairs["listed"], "conflict_pairs": pairs["count"], "severity": pairs["severity"],
        # the claims as worked on; `public()` gives the keys shown and exported, and the
        # output module applies it only when it renders (a big comparison need not pay twice)
        "claims": claims,
    }


NOTHING_GRADED = {"grade": None, "rule": "no claims in the window: nothing to compare"}


def _once_each(active: list[dict], voice_of: dict) -> list[dict]:
    """The claims that count towards a consensus: a voice repeating the same figure in one
    window counts once (the first time it said it), in every policy."""
    seen, kept = set(), []
    for claim in active:
        key = (voice_of.get(claim["id"], claim["source_id"]), claim["low"], claim["value"], claim["high"])
        if key not in seen:
            seen.add(key)
            kept.append(claim)
    return kept if len(kept) < len(active) else active


_SIGNIFICANT = re.compile(r"\d[\d,]*(?:\.\d+)?")


def digits_written(claims: list[dict], floor: int = 3, ceiling: int = 6) -> int:
    """How many significant digits the figures compared were written with (at least `floor`):
    what a consensus of them can honestly be rounded to."""
    most = floor
    # one pass over the distinct figures: a big topic repeats its figures many times
    figures = "\n".join({claim.get("figure") or "" for claim in claims})
    for number in set(_SIGNIFICANT.findall(figures)):
        digits = number.replace(",", "")
        whole, _, decimals = digits.partition(".")
        kept = (whole.lstrip("0") + decimals) if decimals else whole.strip("0")
        most = max(most, min(len(kept.lstrip("0")), ceiling))
    return most


def any_conflict(bounds: list[tuple], tolerance: float) -> bool:
    """Whether any two (low, high) intervals conflict, in one pass: the highest low against
    the lowest high (the pair `find_conflicts` would find first, if there is any)."""
    lows = [low for low, _ in bounds if low is not None]
    limits = [_threshold(high, tolerance) for _, high in bounds if high is not None]
    return bool(lows and limits) and max(lows) > min(limits)


def check_policy(policy: str) -> None:
    if policy not in POLICY_BASIS:
        raise ClaimsError(f"unknown policy {policy!r}: use {', '.join(POLICY_BASIS)}")


def check_options(tolerance: float, window: int) -> None:
    if not 0 <= tolerance < 10:
        raise ClaimsError(f"bad tolerance {tolerance}: give a fraction such as 0.1 for 10%")
    if window < 1:
        raise ClaimsError(f"bad window {window}: give a number of days, at least 1")


def _parse_day(text: str) -> datetime.date:
    from .dates import date_key, parse_date

    try:
        return datetime.date.fromisoformat(date_key(parse_date(text, "--as-of")))
    except ValueError as error:
        raise ClaimsError(str(error)) from None


def _in_window(topic: dict, rows: list[dict], window: int, as_of: str | None):
    """For levels and totals, only the claims of one window of as_of dates count."""
    if topic["kind"] not in TIMED_KINDS:
        return rows, None
    dates = [r["dated"] for r in rows if r["dated"]]
    if not dates and not as_of:
        return rows, None
    end = _parse_day(as_of) if as_of else datetime.date.fromisoformat(max(dates))
    start = end - datetime.timedelta(days=window - 1)
    lo, hi = start.isoformat(), end.isoformat()
    kept = [r for r in rows if not r["dated"] or lo <= r["dated"] <= hi]
    return kept, {"start": lo, "end": hi, "days": window}


def _first_flags(claim: dict) -> list[str]:
    """What a reader should know before weighing a claim."""
    flags = []
    if claim["value"] is None:
        flags.append("no figure")
    if claim["status"] in EXCLUDED_STATUSES:
        flags.append(claim["status"])
    if not claim["dated"]:
        flags.append("undated")
    if claim["vague"]:
        flags.append(f"vague: {claim['vague']}")
    if claim["figure_warning"]:
        flags.append("restatement disagrees")
    return flags


def _flag_superseded(claims: list[dict]) -> None:
    """An older figure from a source that has since given a newer one is superseded."""
    latest = _latest_dates((c["source_id"], c["dated"]) for c in claims if c["value"] is not None and c["dated"])
    for claim in claims:
        if superseded(claim["value"], claim["dated"], latest.get(claim["source_id"])):
            claim["flags"].append("superseded")


def _latest_dates(dated_figures) -> dict:
    """source id -> the date of its newest figure, from (source id, date) pairs."""
    latest: dict = {}
    for source_id, dated in dated_figures:
        latest[source_id] = max(latest.get(source_id, ""), dated)
    return latest


def _lower(claim) -> float:
    return -math.inf if claim["low"] is None else claim["low"]


def _threshold(high: float, tolerance: float) -> float:
    """How far above `high` another claim's low must start to miss it."""
    return high + tolerance * abs(high)


def find_conflicts(active: list[dict], tolerance: float, list_pairs: bool = True) -> dict:
    """Every pair whose intervals miss by more than the tolerance, counted in O(n log n).

    Pairs are counted with bisection, never visited one by one (10,000 claims can
    make millions of pairs); each claim lists its first few opponents, and the
    report lists the most severe pairs, which can only be among the claims with
    the lowest highs and the highest lows.
    """
    # the hot path of a big comparison: plain lists, sorted by C-level keys and searched by
    # C-level bisection for all claims at once; the loop visits the claims in conflict
    n = len(active)
    ids, highs = list(map(itemgetter("id"), active)), list(map(itemgetter("high"), active))
    own_lows = list(map(itemgetter("low"), active))
    if None in own_lows:
        own_lows = [-math.inf if low is None else low for low in own_lows]
    by_low = sorted(range(n), key=own_lows.__getitem__)
    lows, low_ids = list(map(own_lows.__getitem__, by_low)), list(map(ids.__getitem__, by_low))
    # where another claim's low must start to miss each claim (`_threshold`; +inf: open above)
    limit = [math.inf if high is None else high + tolerance * abs(high) for high in highs]
    by_limit = sorted([i for i in range(n) if highs[i] is not None], key=limit.__getitem__)
    thresholds, bounded_ids = list(map(limit.__getitem__, by_limit)), list(map(ids.__getitem__, by_limit))
    # per claim: the first of the lows above its limit, and how many limits end below its low
    firsts_above = list(map(partial(bisect.bisect_right, lows), limit))
    belows = list(map(partial(bisect.bisect_left, thresholds), own_lows))
    count = n * n - sum(firsts_above)  # pairs counted once: from the lower claim of each
    for claim, first_above, below in zip(active, firsts_above, belows):
        if first_above < n or below:
            claim["conflict_count"] = n - first_above + below
            claim["flags"].append("conflict")
            listed = low_ids[first_above:first_above + MAX_LISTED]
            if len(listed) < MAX_LISTED:
                listed += bounded_ids[:min(below, MAX_LISTED - len(listed))]
            claim["conflicts_with"] = listed
    if not count:
        return {"listed": [], "count": 0, "severity": None}
    # the most severe pair is always the claim with the lowest high against the one with the
    # highest low: both ends of the sorted lists, whatever else is listed
    severity = _round(_ratio(lows[-1], active[by_limit[0]]["high"]))
    listed = _worst_pairs(active, by_low, lows, by_limit, tolerance) if list_pairs else []
    return {"listed": listed, "count": count, "severity": severity}


def _worst_pairs(active: list[dict], by_low: list[int], lows: list[float], by_limit: list[int],
                 tolerance: float, limit: int = 50) -> list[dict]:
    """The most severe conflicting pairs: the lowest highs against the highest lows."""
    pairs = []
    for lower in (active[i] for i in by_limit[:limit]):
        first = max(bisect.bisect_right(lows, _threshold(lower["high"], tolerance)), len(lows) - limit)
        for upper in (active[i] for i in by_low[first:]):
            pairs.append((_ratio(_lower(upper), lower["high"]), lower["seq"], upper["seq"], lower, upper))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return [{"a": p[3]["id"], "b": p[4]["id"], "ratio": _round(p[0])} for p in pairs[:limit]]


def _ratio(upper_low: float, lower_high: float) -> float:
    if lower_high <= 0:
        return math.inf
    return upper_low / lower_high


def _round(x):
    if x is None:
        return None
    if math.isinf(x):
        return "inf"
    return round(x, 3)


def _spread(values: list[float]):
    """max / min of the best values: 1.0 is agreement."""
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    if low <= 0:
        return None if high == low else "inf"
    return round(high / low, 3)


def consensus(active: list[dict], policy: str, ctx: dict | None = None, voice_of: dict | None = None) -> dict:
    if not active:
        return {"value": None, "low": None, "high": None}
    check_policy(policy)
    if policy == "truth":
        low, value, high = truth.consensus(active, ctx["weights"] or {}, voice_of or {})
    else:
        low, value, high = POLICIES[policy](active)
    return {"value": _num(value), "low": _num(low), "high": _num(high)}


def _closed(active: list[dict], key: str) -> list[float]:
    """Each claim's bound, or its best value where that side is open."""
    return [c["value"] if c[key] is None else c[key] for c in active]


def _conservative(active):
    lowest = min(active, key=lambda c: (c["value"], c["seq"]))
    return lowest["low"], lowest["value"], lowest["high"]


def _range(active):
    return min(_closed(active, "low")), median(map(itemgetter("value"), active)), max(_closed(active, "high"))


def _median(active):
    return median(_closed(active, "low")), median(map(itemgetter("value"), active)), median(_closed(active, "high"))


def _weighted(active):
    weights = _source_weights(active)
    columns = (_closed(active, "low"), list(map(itemgetter("value"), active)), _closed(active, "high"))
    return tuple(weighted_median(list(zip(column, weights))) for column in columns)


def _source_weights(active) -> list[float]:
    """Admiralty weight per claim, shared among one source's claims: one vote per source."""
    per_source: dict = {}
    for claim in active:
        per_source[claim["source_id"]] = per_source.get(claim["source_id"], 0) + 1
    return [RELIABILITY_WEIGHT.get(c["reliability"], 0.5) * CREDIBILITY_WEIGHT.get(c["credibility"], 0.5)
            / per_source[c["source_id"]] for c in active]


def weighted_median(pairs: list[tuple[float, float]]) -> float:
    """The value at which half the weight lies on either side (lower one on a tie)."""
    pairs = sorted(pairs)
    total = sum(w for _, w in pairs)
    running = 0.0
    for value, weight in pairs:
        running += weight
        if running >= total / 2 - 1e-12:
            return value
    return pairs[-1][0]


POLICIES = {"conservative": _conservative, "range": _range, "median": _median, "weighted": _weighted}


def _num(x):
    """Six decimals at most, and whole numbers as integers."""
    return None if x is None else tidy(round(x, 6))


def public(claim: ComparedClaim) -> dict:
    """The keys a comparison shows and exports for each claim, numbers rounded."""
    return {
        "id": claim["id"], "source": claim["source"], "source_type": claim["source_type"],
        "side": claim["side"], "admiralty": admiralty(claim["reliability"], claim["credibility"]),
        "status": claim["status"], "as_of": claim["as_of"], "figure": claim["figure"], "quote": claim["quote"],
        "value": _num(claim["value"]), "low": _num(claim["low"]), "high": _num(claim["high"]),
        "flags": claim["flags"], "conflicts_with": claim["conflicts_with"],
    }


def window_summary(result: dict, start: str, end: str) -> dict:
    return {
        "start": start, "end": end,
        "claims": result["claims_count"], "sources": result["independent_sources"],
        **{k: result["consensus"][k] for k in ("low", "value", "high")},
        "spread": result["spread"], "conflicts": result["conflict_pairs"],
    }


def may_conflict(timed: bool, rows: list[tuple], tolerance: float) -> bool:
    """`any_conflict` over the intervals `prepare` would keep active, read off the raw rows
    with the same rules (`superseded`, `still_counts`)."""
    latest = {}
    if timed:  # a source's older figure is superseded by its newer one
        latest = _latest_dates((row[_SOURCE], row[_DATED]) for row in rows if row[_VALUE] is not None and row[_DATED])
    bounds = [(row[_LOW], row[_HIGH]) for row in rows
              if still_counts(row[_VALUE], row[_STATUS],
                              timed and superseded(row[_VALUE], row[_DATED], latest.get(row[_SOURCE])))]
    return any_conflict(bounds, tolerance)


def severity_key(severity) -> float:
    return math.inf if severity == "inf" else (severity or 0.0)


def _summary_of_conflicts(result: Comparison) -> ConflictRow:
    return {
        "topic": result["topic"], "unit": result["unit"], "claims": result["claims_count"],
        "sources": result["independent_sources"], "conflicting_claims":
            sum(1 for c in result["claims"] if "conflict" in c["flags"]),
        "conflict_pairs": result["conflict_pairs"], "severity": result["severity"],
        "grade": result["grade"]["grade"], "policy": result["policy"], "consensus": result["consensus"]["value"],
    }



def over_time_windows(topic: dict, rows: list[dict], policy: str, tolerance: float, window: int, ctx: dict) -> dict:
    """One comparison per window of as_of dates over a topic's dated rows, oldest first;
    empty windows are skipped."""
    end = datetime.date.fromisoformat(max(r["dated"] for r in rows))
    first = min(r["dated"] for r in rows)
    windows = []
    while end.isoformat() >= first:
        start = end - datetime.timedelta(days=window - 1)
        inside = [dict(r) for r in rows if start.isoformat() <= r["dated"] <= end.isoformat()]
        if inside:
            result = assess(topic, inside, policy, tolerance, window, end.isoformat(), ctx)
            windows.append(window_summary(result, start.isoformat(), end.isoformat()))
        end = start - datetime.timedelta(days=1)
    series = series_of(rows)
    return {"topic": topic["key"], "title": topic["title"], "unit": topic["unit"], "kind": topic["kind"],
            "policy": policy, "basis": POLICY_BASIS[policy], "window_days": window,
            "windows": list(reversed(windows)), "series": series, "official_over_floor": official_over_floor(series)}


def series_of(rows: list[dict]) -> list[dict]:
    """Each source's dated figures that still count, oldest first: {source, source_type,
    points: [{date, low, value, high}]}, the sources with most figures first."""
    found: dict = {}
    for row in rows:
        if row["value"] is None or not row["dated"] or row["status"] in EXCLUDED_STATUSES:
            continue
        entry = found.setdefault(row["source"], {"source": row["source"], "source_type": row["source_type"],
                                                 "points": []})
        entry["points"].append({"date": row["dated"], "low": _num(row["low"]), "value": _num(row["value"]),
                                "high": _num(row["high"])})
    return sorted(found.values(), key=lambda s: (-len(s["points"]), s["source"]))


def official_over_floor(series: list[dict]) -> list[dict] | None:
    """An official claimant's figure over a monitoring group's floor ("at least"), at each
    date of the floor: the view analysts draw of official loss claims against visually
    confirmed losses. None when the topic does not have both."""
    official = next((s for s in series if s["source_type"] == "official"), None)
    floor = next((s for s in series if s["source_type"] == "monitoring_group"
                  and all(p["high"] is None and p["low"] for p in s["points"])), None)
    if not official or not floor:
        return None
    ratios = []
    for point in floor["points"]:
        said = [p["value"] for p in official["points"] if p["date"] <= point["date"]]
        if said:
            ratios.append({"date": point["date"], "ratio": round(said[-1] / point["low"], 3)})
    return ratios or None


# positions in a row of `queries.CURRENT_CLAIMS_SQL`
_SOURCE, _STATUS, _DATED, _LOW, _VALUE, _HIGH = 3, 6, 7, 8, 9, 10


def conflict_summary(topic: dict, rows: list[tuple], names: list[str], policy: str, tolerance: float,
                     window: int, ctx: dict) -> dict | None:
    """One topic's line in `conflicts`, or None when its current claims agree. Rows stay
    tuples until the topic is known to hold a conflict: most topics agree, and only the
    others are turned into claims and weighed in full."""
    if not may_conflict(topic["kind"] in TIMED_KINDS, rows, tolerance):
        return None
    claims, span, active = prepare(topic, [dict(zip(names, row)) for row in rows], window, None)
    result = _verdict(topic, claims, span, active, policy, tolerance, ctx, list_pairs=False)
    return _summary_of_conflicts(result) if result["conflict_pairs"] else None
