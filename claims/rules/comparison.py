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
from collections import Counter
from collections.abc import Sequence
from functools import partial
from itertools import repeat
from operator import itemgetter
from statistics import median
from typing import NamedTuple, TypedDict

from claims.basics.errors import ClaimsError
from claims.basics.vocab import CREDIBILITY_WEIGHT, EXCLUDED_STATUSES, RELIABILITY_WEIGHT, TIMED_KINDS, admiralty
from claims.figures.bands import BANDS
from claims.rules import truth
from claims.rules.claim import tidy
from claims.rules.voices import grade, voices_of


class ComparedClaim(TypedDict, total=False):
    """One claim as a comparison works on it: a row of `queries.claims_sql` (low, value and
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
    likelihood: str | None  # the ICD 203 band its claimant attached
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
    undated: list[dict]  # in a dated window, the claims without a date: listed apart, never counted
    bands: list[str]  # the hedges read as bands among the claims ("just_under": "nearly 400" is 360 to 400)


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


class Rows(NamedTuple):
    """A topic's claims as read (`queries.claims_sql`, `queries.current_claims_sql`): the
    column names, and the rows as tuples. A comparison works on them column by column and
    makes dicts (`ComparedClaim`) only when a result is rendered: a big topic's claims are
    thousands of rows, and a dict each would cost more than reading them."""

    names: list[str]
    rows: list[tuple]


class Table:
    """The claims of one window, and what the comparison finds out about each: its flags,
    and the claims it conflicts with (by position; most claims have no flag)."""

    def __init__(self, read: Rows):
        self.names, self.rows = read.names, read.rows
        self.at = {name: i for i, name in enumerate(read.names)}
        self.flags: dict[int, list[str]] = {}
        self.conflicts_with: dict[int, list[str]] = {}
        self.conflict_count: dict[int, int] = {}
        self.undated: list[tuple] = []  # claims without an as_of, kept apart from a dated window

    def pick(self, positions: list[int]) -> list[tuple]:
        """The rows at these positions (all of them, as they are, when that is every row)."""
        return self.rows if len(positions) == len(self.rows) else list(map(self.rows.__getitem__, positions))

    def column(self, name: str, rows: list[tuple] | None = None) -> list:
        """One column of these rows (of every row by default), in C: no loop in Python."""
        return list(map(itemgetter(self.at[name]), self.rows if rows is None else rows))

    def flag(self, position: int, flag: str) -> None:
        self.flags.setdefault(position, []).append(flag)

    def claim(self, position: int) -> ComparedClaim:
        claim = dict(zip(self.names, self.rows[position]))
        claim.update(flags=list(self.flags.get(position, ())), conflicts_with=self.conflicts_with.get(position, []),
                     conflict_count=self.conflict_count.get(position, 0))
        return claim


class Claims(Sequence):
    """A comparison's claims as `ComparedClaim` dicts, made when first asked for (rendering),
    then kept."""

    def __init__(self, table: Table):
        self.table, self.made = table, None

    def __len__(self) -> int:
        return len(self.table.rows)

    def __getitem__(self, index):
        if self.made is None:
            self.made = [self.table.claim(i) for i in range(len(self.table.rows))]
        return self.made[index]

    def __eq__(self, other) -> bool:
        return list(self) == list(other)


def assess(topic: dict, read: Rows, policy: str, tolerance: float, window: int,
           as_of: str | None, ctx: dict | None = None, list_pairs: bool = True) -> Comparison:
    """One topic's comparison. Without `list_pairs`, the worst pairs are not listed
    (their severity still is): what `conflicts` needs for every topic at once."""
    check_options(tolerance, window)
    table, span, active = prepare(topic, read, window, as_of)
    return _verdict(topic, table, span, active, policy, tolerance, ctx or EMPTY_CONTEXT, list_pairs)


def prepare(topic: dict, read: Rows, window: int, as_of: str | None) -> tuple[Table, dict | None, list[int]]:
    """The claims in the window, flagged, and the positions of those whose figures still count."""
    table, span = _in_window(topic, read, window, as_of)
    value, status, dated, vague, warning = (table.at[k] for k in ("value", "status", "dated", "vague",
                                                                    "figure_warning"))
    for position, row in enumerate(table.rows):
        # most claims carry no flag: one test says so without a call
        if not (row[value] is not None and row[dated] and row[status] not in EXCLUDED_STATUSES
                and not row[vague] and not row[warning]):
            table.flags[position] = _first_flags(row, table.at)
    if topic["kind"] in TIMED_KINDS:
        _flag_superseded(table)
    # a claim that no longer counts always carries a flag that says why: only those are looked at
    dropped = {i for i, flags in table.flags.items()
               if not still_counts(table.rows[i][value], table.rows[i][status], "superseded" in flags)}
    active = [i for i in range(len(table.rows)) if i not in dropped] if dropped else list(range(len(table.rows)))
    return table, span, active


def still_counts(value, status: str, is_superseded: bool) -> bool:
    """Whether a figure counts towards conflicts and a consensus: it has a number, was not
    refuted or retracted, and is not superseded. One rule, for claims and for raw rows."""
    return value is not None and status not in EXCLUDED_STATUSES and not is_superseded


def superseded(value, dated: str | None, newest: str | None) -> bool:
    """An older figure from a source that has since given a newer one (levels and totals)."""
    return value is not None and bool(dated) and bool(newest) and dated < newest


class Counted(NamedTuple):
    """The figures that count towards a consensus, column by column."""

    ids: list
    seqs: list
    source_ids: list
    lows: list
    values: list
    highs: list
    reliabilities: list
    credibilities: list
    statuses: list
    figures: list


def _verdict(topic: dict, table: Table, span, active: list[int], policy: str, tolerance: float, ctx: dict,
             list_pairs: bool) -> Comparison:
    pairs = find_conflicts(table, active, tolerance, list_pairs)
    voice_of = voices_of(table.column("id"), table.column("source_id"), ctx["roots"], ctx["links"])
    counted = _once_each(table, _first_appearances(table, active, ctx["links"]), voice_of)
    return {
        "topic": topic["key"], "title": topic["title"], "unit": topic["unit"], "kind": topic["kind"],
        "policy": policy, "basis": POLICY_BASIS[policy], "tolerance": tolerance,
        "window": span,
        "consensus": consensus(counted, policy, ctx, voice_of),
        "spread": _spread(counted.values),
        "digits": digits_written(counted.figures),
        "claims_count": len(table.rows),
        "independent_sources": len(set(voice_of.values())),
        "grade": grade(_live(table), voice_of, ctx["links"], bool(table.rows)) if table.rows else NOTHING_GRADED,
        "conflicts": pairs["listed"], "conflict_pairs": pairs["count"], "severity": pairs["severity"],
        # the claims as worked on, made into dicts only when a format renders them; `public()`
        # gives the keys shown and exported
        "claims": Claims(table),
        "undated": [_undated(table.names, row) for row in table.undated],
        "bands": sorted(BANDS.keys() & set(table.column("qualifier"))) if "qualifier" in table.at else [],
    }


def _undated(names: list[str], row: tuple) -> dict:
    return {**dict(zip(names, row)), "flags": ["undated"], "conflicts_with": [], "conflict_count": 0}


NOTHING_GRADED = {"grade": None, "rule": "no claims in the window: nothing to compare"}


def _live(table: Table) -> list[tuple]:
    """(id, status, the claims it conflicts with) of each claim not refuted, retracted or superseded."""
    n = len(table.rows)
    live = zip(table.column("id"), table.column("status"), map(table.conflicts_with.get, range(n), repeat(())))
    # such a claim always carries a flag that says so: only flagged claims can be left out
    out = {i for i, flags in table.flags.items() if "superseded" in flags or set(flags) & EXCLUDED_STATUSES}
    return [claim for i, claim in enumerate(live) if i not in out] if out else list(live)


def _first_appearances(table: Table, active: list[int], links: list[tuple]) -> list[int]:
    """The counted claims less those that relay (or duplicate) another claim counted here: a
    claim relayed many times counts once, as its first appearance, in every policy."""
    relaying = [(a, b) for a, b, kind in links if kind in ("relays", "duplicates")]
    if not relaying:
        return active
    ids = table.column("id")
    here = {ids[i] for i in active}
    dropped: set = set()
    for a, b in relaying:  # a circle of relays keeps one of its claims
        if a in here and b in here and a != b and b not in dropped:
            dropped.add(a)
    return [i for i in active if ids[i] not in dropped] if dropped else active


_COUNTED = ("id", "seq", "source_id", "low", "value", "high", "reliability", "credibility", "status", "figure")


def _once_each(table: Table, active: list[int], voice_of: dict) -> Counted:
    """The figures that count towards a consensus: a voice repeating the same figure in one
    window counts once (the first time it said it), in every policy."""
    rows = table.pick(active)
    ids, sources = table.column("id", rows), table.column("source_id", rows)
    keys = list(zip(map(voice_of.get, ids, sources), table.column("low", rows), table.column("value", rows),
                    table.column("high", rows)))
    if len(set(keys)) < len(keys):
        first = dict(zip(reversed(keys), reversed(active)))  # each key's first position wins
        rows = table.pick(sorted(first.values()))
    # `conflicts` reads no figure texts: it never rounds a consensus for reading
    return Counted(*(table.column(name, rows) if name in table.at else [None] * len(rows) for name in _COUNTED))


_SIGNIFICANT = re.compile(r"\d[\d,]*(?:\.\d+)?")


def digits_written(figures: list[str | None], floor: int = 3, ceiling: int = 6) -> int:
    """How many significant digits the figures were written with (at least `floor`): what a
    consensus of them can honestly be rounded to."""
    most = floor
    # one pass over the distinct figures: a big topic repeats its figures many times
    for number in set(_SIGNIFICANT.findall("\n".join(set(filter(None, figures))))):
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
    from claims.basics.dates import date_key, parse_date

    try:
        return datetime.date.fromisoformat(date_key(parse_date(text, "--as-of")))
    except ValueError as error:
        raise ClaimsError(str(error)) from None


def _in_window(topic: dict, read: Rows, window: int, as_of: str | None) -> tuple[Table, dict | None]:
    """For levels and totals, only the claims of one window of as_of dates count. An undated
    claim belongs to no window: it is listed apart (`Table.undated`) and never votes in one,
    so that a window compares the same claims here as in `over_time_windows`."""
    table = Table(read)
    if topic["kind"] not in TIMED_KINDS:
        return table, None
    dated = table.at["dated"]
    dates = [row[dated] for row in table.rows if row[dated]]
    if not dates and not as_of:
        return table, None
    end = _parse_day(as_of) if as_of else datetime.date.fromisoformat(max(dates))
    start = end - datetime.timedelta(days=window - 1)
    lo, hi = start.isoformat(), end.isoformat()
    table.undated = [row for row in table.rows if not row[dated]]
    table.rows = [row for row in table.rows if row[dated] and lo <= row[dated] <= hi]
    return table, {"start": lo, "end": hi, "days": window}


def _first_flags(row: tuple, at: dict) -> list[str]:
    """What a reader should know before weighing a claim."""
    flags = []
    if row[at["value"]] is None:
        flags.append("no figure")
    if row[at["status"]] in EXCLUDED_STATUSES:
        flags.append(row[at["status"]])
    if not row[at["dated"]]:
        flags.append("undated")
    if row[at["vague"]]:
        flags.append(f"vague: {row[at['vague']]}")
    if row[at["figure_warning"]]:
        flags.append("restatement disagrees")
    return flags


def _flag_superseded(table: Table) -> None:
    """An older figure from a source that has since given a newer one is superseded."""
    source, dated, value = table.at["source_id"], table.at["dated"], table.at["value"]
    latest = _latest_dates((row[source], row[dated]) for row in table.rows if row[value] is not None and row[dated])
    for position, row in enumerate(table.rows):
        if superseded(row[value], row[dated], latest.get(row[source])):
            table.flag(position, "superseded")


def _latest_dates(dated_figures) -> dict:
    """source id -> the date of its newest figure, from (source id, date) pairs."""
    latest: dict = {}
    for source_id, dated in dated_figures:
        latest[source_id] = max(latest.get(source_id, ""), dated)
    return latest


def _threshold(high: float, tolerance: float) -> float:
    """How far above `high` another claim's low must start to miss it."""
    return high + tolerance * abs(high)


def find_conflicts(table: Table, active: list[int], tolerance: float, list_pairs: bool = True) -> dict:
    """Every pair of the active claims whose intervals miss by more than the tolerance,
    counted in O(n log n); each conflicting claim is flagged in the table with its first few
    opponents.

    Pairs are counted with bisection, never visited one by one (10,000 claims can
    make millions of pairs); the report lists the most severe pairs, which can only be
    among the claims with the lowest highs and the highest lows.
    """
    # the hot path of a big comparison: plain lists, sorted by C-level keys and searched by
    # C-level bisection for all claims at once; the loop visits the claims in conflict
    n = len(active)
    rows = table.pick(active)
    ids, highs, own_lows = (table.column(name, rows) for name in ("id", "high", "low"))
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
    flags, counts, opponents = table.flags, table.conflict_count, table.conflicts_with
    for position, first_above, below in zip(active, firsts_above, belows):
        if first_above < n or below:
            counts[position] = n - first_above + below
            flags.setdefault(position, []).append("conflict")
            listed = low_ids[first_above:first_above + MAX_LISTED]
            if len(listed) < MAX_LISTED:
                listed += bounded_ids[:min(below, MAX_LISTED - len(listed))]
            opponents[position] = listed
    if not count:
        return {"listed": [], "count": 0, "severity": None}
    # the most severe pair is always the claim with the lowest high against the one with the
    # highest low: both ends of the sorted lists, whatever else is listed
    severity = _round(_ratio(lows[-1], highs[by_limit[0]]))
    seqs = table.column("seq", rows)
    listed = _worst_pairs(ids, seqs, own_lows, highs, by_low, lows, by_limit, tolerance) if list_pairs else []
    return {"listed": listed, "count": count, "severity": severity}


def _worst_pairs(ids: list, seqs: list, own_lows: list, highs: list, by_low: list[int], lows: list[float],
                 by_limit: list[int], tolerance: float, limit: int = 50) -> list[dict]:
    """The most severe conflicting pairs: the lowest highs against the highest lows."""
    pairs = []
    for lower in by_limit[:limit]:
        first = max(bisect.bisect_right(lows, _threshold(highs[lower], tolerance)), len(lows) - limit)
        for upper in by_low[first:]:
            pairs.append((_ratio(own_lows[upper], highs[lower]), seqs[lower], seqs[upper], ids[lower], ids[upper]))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return [{"a": p[3], "b": p[4], "ratio": _round(p[0])} for p in pairs[:limit]]


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


def consensus(counted: Counted, policy: str, ctx: dict | None = None, voice_of: dict | None = None) -> dict:
    if not counted.ids:
        return {"value": None, "low": None, "high": None}
    check_policy(policy)
    if policy == "truth":
        low, value, high = truth.consensus(counted, ctx["weights"] or {}, voice_of or {})
    else:
        low, value, high = POLICIES[policy](counted)
    return {"value": _num(value), "low": _num(low), "high": _num(high)}


def _closed(bounds: list, values: list) -> list[float]:
    """Each claim's bound, or its best value where that side is open."""
    return [value if bound is None else bound for bound, value in zip(bounds, values)]


def _conservative(c: Counted):
    lowest = min(range(len(c.values)), key=lambda i: (c.values[i], c.seqs[i]))
    return c.lows[lowest], c.values[lowest], c.highs[lowest]


def _range(c: Counted):
    return min(_closed(c.lows, c.values)), median(c.values), max(_closed(c.highs, c.values))


def _median(c: Counted):
    return median(_closed(c.lows, c.values)), median(c.values), median(_closed(c.highs, c.values))


def _weighted(c: Counted):
    weights = _source_weights(c)
    columns = (_closed(c.lows, c.values), c.values, _closed(c.highs, c.values))
    return tuple(weighted_median(list(zip(column, weights))) for column in columns)


def _source_weights(c: Counted) -> list[float]:
    """Admiralty weight per claim, shared among one source's claims: one vote per source."""
    per_source = Counter(c.source_ids)
    return [RELIABILITY_WEIGHT.get(reliability, 0.5) * CREDIBILITY_WEIGHT.get(credibility, 0.5) / per_source[source]
            for reliability, credibility, source in zip(c.reliabilities, c.credibilities, c.source_ids)]


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
        "status": claim["status"], "as_of": claim["as_of"], "figure": claim["figure"],
        "likelihood": claim.get("likelihood"), "quote": claim["quote"],
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
    if timed and any(row[_DATED] for row in rows):  # an undated claim votes in no dated window
        rows = [row for row in rows if row[_DATED]]
    if timed:  # a source's older figure is superseded by its newer one
        latest = _latest_dates((row[_SOURCE], row[_DATED]) for row in rows if row[_VALUE] is not None and row[_DATED])
    bounds = [(row[_LOW], row[_HIGH]) for row in rows
              if still_counts(row[_VALUE], row[_STATUS],
                              timed and superseded(row[_VALUE], row[_DATED], latest.get(row[_SOURCE])))]
    return any_conflict(bounds, tolerance)


def severity_key(severity) -> float:
    return math.inf if severity == "inf" else (severity or 0.0)


def _summary_of_conflicts(result: Comparison, table: Table) -> ConflictRow:
    return {
        "topic": result["topic"], "unit": result["unit"], "claims": result["claims_count"],
        "sources": result["independent_sources"], "conflicting_claims":
            sum("conflict" in flags for flags in table.flags.values()),
        "conflict_pairs": result["conflict_pairs"], "severity": result["severity"],
        "grade": result["grade"]["grade"], "policy": result["policy"], "consensus": result["consensus"]["value"],
    }



def over_time_windows(topic: dict, read: Rows, policy: str, tolerance: float, window: int, ctx: dict) -> dict:
    """One comparison per window of as_of dates over a topic's dated rows, oldest first;
    empty windows are skipped."""
    dated = read.names.index("dated")
    end = datetime.date.fromisoformat(max(row[dated] for row in read.rows))
    first = min(row[dated] for row in read.rows)
    windows = []
    while end.isoformat() >= first:
        start = end - datetime.timedelta(days=window - 1)
        inside = [row for row in read.rows if start.isoformat() <= row[dated] <= end.isoformat()]
        if inside:
            result = assess(topic, Rows(read.names, inside), policy, tolerance, window, end.isoformat(), ctx)
            windows.append(window_summary(result, start.isoformat(), end.isoformat()))
        end = start - datetime.timedelta(days=1)
    series = series_of(read)
    return {"topic": topic["key"], "title": topic["title"], "unit": topic["unit"], "kind": topic["kind"],
            "policy": policy, "basis": POLICY_BASIS[policy], "window_days": window,
            "windows": list(reversed(windows)), "series": series, "official_over_floor": official_over_floor(series)}


def series_of(read: Rows) -> list[dict]:
    """Each source's dated figures that still count, oldest first: {source, source_type,
    points: [{date, low, value, high}]}, the sources with most figures first."""
    found: dict = {}
    for row in map(dict, map(zip, repeat(read.names), read.rows)):
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


# positions in a row of `queries.current_claims_sql`
_SOURCE, _STATUS, _DATED, _LOW, _VALUE, _HIGH = 3, 6, 7, 8, 9, 10


def conflict_summary(topic: dict, rows: list[tuple], names: list[str], policy: str, tolerance: float,
                     window: int, ctx: dict) -> dict | None:
    """One topic's line in `conflicts`, or None when its current claims agree. Rows stay
    tuples until the topic is known to hold a conflict: most topics agree, and only the
    others are turned into claims and weighed in full."""
    if not may_conflict(topic["kind"] in TIMED_KINDS, rows, tolerance):
        return None
    table, span, active = prepare(topic, Rows(names, rows), window, None)
    result = _verdict(topic, table, span, active, policy, tolerance, ctx, list_pairs=False)
    return _summary_of_conflicts(result, table) if result["conflict_pairs"] else None
